import { findError } from './find-structured-error.js';
import { optional } from './optional-field.js';
import { connectorErrorEvent } from './parse-connector-error.js';
import { parseInspected } from './parse-inspected.js';
import { prismaMessageEvent, type PrismaReading } from './parse-prisma-error.js';
import { parsePostgresMessage, splitLoggedMessage } from './postgres-message.js';
import type { WatchEvent } from './watch-event.js';

// Prisma's codes (P1000–P6999) are not SQLSTATEs; PL/pgSQL's P0001–P0004 are.
const PRISMA_CODE = /^P[1-9]\d{3}$/;
const STATED_SQLSTATE = /(?:SQLSTATE|sqlState|sql_state|state_code|code)["'\s:=[]*["']?([0-9A-Z]{5})\b/;
const INVOCATION = /Invalid `(?:\w+\.)*?prisma\.(\w+)\.\w+\(\)`/;

/**
 * An application log entry of text: one line, or a printed error of several (the message, a code
 * frame, the stack, the fields util.inspect prints after it). Read in order of how much each form
 * says: the printed fields (a P-code and `meta`, node-postgres' `code` and `constraint`, a driver
 * adapter's `cause`), the connector dump of an unknown-request error, Prisma's message, and last
 * any PostgreSQL message in the text. Null: an error recognised as not a database failure.
 */
export function textRecordEvent(text: string, at: number | null): PrismaReading {
  if (/\bPrismaClientValidationError\b/.test(text.split('\n', 1)[0]!)) return null;
  const fields = printedFields(text);
  if (fields) {
    const found = findError(fields, at);
    if (found !== undefined) return found;
  }
  const dump = connectorErrorEvent(text, at);
  if (dump) return dump;
  // The query engine crashed (PrismaClientRustPanicError, "PANIC: called `Option::unwrap()` …"):
  // the statement failed, with no SQLSTATE to say why.
  if (/\bPrismaClientRustPanicError\b|^prisma:error\s+PANIC:/m.test(text)) {
    const line = text.split('\n').find((l) => /PANIC:|panicked at/.test(l)) ?? text.split('\n', 1)[0]!;
    return { at, sqlState: null, message: line.replace(/^.*?(?=PANIC:|panicked at)/, '').trim() };
  }
  const prisma = prismaMessageEvent(text, at);
  if (prisma !== undefined) return prisma;
  for (const line of text.split('\n')) {
    const event = lineEvent(line.trim(), at);
    if (event) return event;
  }
  return undefined;
}

/**
 * The fields util.inspect prints for an error after its stack (`    at … {` then `  code: 'P2002',`
 * … `}`), or for a plain object (`{` or `label {` then its fields), with Prisma's message and model.
 */
function printedFields(text: string): Record<string, unknown> | undefined {
  const open = /(?:^|\n)(?:[^\n]*\S )?\{\n/.exec(text);
  if (!open) return undefined;
  const fields = parseInspected(text.slice(text.indexOf('{', open.index)));
  if (!fields) return undefined;
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  if (code && PRISMA_CODE.test(code)) {
    const body = text.slice(0, open.index);
    const model = INVOCATION.exec(body)?.[1];
    const meta = fields.meta !== null && typeof fields.meta === 'object' ? (fields.meta as Record<string, unknown>) : {};
    return {
      ...fields,
      message: prismaMessageLine(body),
      meta: { ...(model && meta.modelName === undefined ? { modelName: model } : {}), ...meta },
    };
  }
  // An error's message is not among its printed fields: it is the head line ("error: duplicate key …").
  const head = /^(?:.*?\b)?\w*(?:Error|error): *(.+)$/m.exec(text.slice(0, open.index));
  return typeof fields.message === 'string' || !head ? fields : { ...fields, message: head[1]!.trim() };
}

// The line that says what failed: the last of the message before the stack.
function prismaMessageLine(body: string): string {
  const lines = body.split('\n').filter((line) => line.trim() !== '' && !/^\s+at /.test(line));
  return (lines.at(-1) ?? body).trim();
}

function lineEvent(line: string, at: number | null): WatchEvent | undefined {
  const stated = STATED_SQLSTATE.exec(line)?.[1];
  const { message } = splitLoggedMessage(errorText(line));
  const facts = parsePostgresMessage(message);
  const sqlState = stated && /\d/.test(stated) && !PRISMA_CODE.test(stated) ? stated : facts?.sqlState;
  if (!sqlState) return undefined;
  return {
    at,
    sqlState,
    message: message.length > 500 ? `${message.slice(0, 500)}…` : message,
    ...optional('table', facts?.table),
    ...optional('column', facts?.column),
    ...optional('constraint', facts?.constraint),
  };
}

// "2025-11-04T10:00:00Z api error: duplicate key value violates …" → from the error text on.
function errorText(text: string): string {
  const at = text.search(/\b(?:ERROR|error|Error):\s+/);
  return at < 0 ? text : text.slice(at).replace(/^\w+:\s+/, '');
}
