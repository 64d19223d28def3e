import { optional } from './optional-field.js';
import { parsePostgresMessage } from './postgres-message.js';
import { prismaErrorEvent, type PrismaReading } from './parse-prisma-error.js';
import type { WatchEvent } from './watch-event.js';

const SQLSTATE = /^[0-9A-Z]{5}$/;
// Deep enough for { err: { cause: { meta } } }, shallow enough that a huge log object costs little.
const MAX_DEPTH = 5;
// Error classes that never reached the database: a query Prisma rejected before sending it.
const NOT_DATABASE = /^PrismaClientValidationError$/;

/** A structured error anywhere in the entry; null: one that is not a database failure. */
export function findError(value: Record<string, unknown>, at: number | null, depth = 0): PrismaReading {
  if (typeof value.name === 'string' && NOT_DATABASE.test(value.name)) return null;
  if (typeof value.type === 'string' && NOT_DATABASE.test(value.type)) return null;
  const code = typeof value.code === 'string' ? value.code : typeof value.errorCode === 'string' ? value.errorCode : undefined;
  if (code !== undefined) {
    if (/^P\d{4}$/.test(code)) {
      const prisma = prismaErrorEvent(value, at);
      if (prisma !== undefined) return prisma;
    } else if (SQLSTATE.test(code) && /\d/.test(code) && typeof value.message === 'string' && looksLikeServerError(value)) {
      return nodePostgresEvent(value, code, at);
    }
  }
  if (depth >= MAX_DEPTH) return undefined;
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') {
      const found = findError(child as Record<string, unknown>, at, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

// node-postgres' DatabaseError carries the server's ErrorResponse fields, PostgREST's body
// `details` and `hint`, a driver adapter's cause `severity`; requiring one of them keeps an HTTP
// library's { code: "ECONNRESET" }-style objects out.
function looksLikeServerError(value: Record<string, unknown>): boolean {
  return ['severity', 'routine', 'constraint', 'table', 'column', 'detail', 'details', 'schema', 'hint'].some((key) => key in value);
}

function nodePostgresEvent(error: Record<string, unknown>, code: string, at: number | null): WatchEvent {
  const message = error.message as string;
  const facts = parsePostgresMessage(message);
  return {
    at,
    sqlState: code,
    message,
    ...optional('detail', error.detail ?? error.details),
    ...optional('hint', error.hint),
    ...optional('context', error.where),
    ...optional('schema', error.schema),
    ...optional('table', error.table ?? facts?.table),
    ...optional('column', error.column ?? facts?.column),
    ...optional('constraint', error.constraint ?? facts?.constraint),
  };
}
