import { parseAnyTime, parseLogTimestamp } from './log-timestamp.js';
import type { RecordFormat } from './needle-scanner.js';
import { optional } from './optional-field.js';
import { parsePostgresMessage, splitLoggedMessage } from './postgres-message.js';
import { prismaErrorEvent, prismaMessageEvent } from './parse-prisma-error.js';
import type { WatchEvent } from './watch-event.js';

const NEWLINE = 0x0a;
const SQLSTATE = /^[0-9A-Z]{5}$/;
const TIME_KEYS = ['time', 'timestamp', '@timestamp', 'ts', 'date', 'datetime', 'level_time'];
const TEXT_KEYS = ['message', 'msg', 'error', 'err', 'stack'];
// Deep enough for { err: { cause: { meta } } }, shallow enough that a huge log object costs little.
const MAX_DEPTH = 5;

/**
 * Application logs: JSON lines (pino, winston, bunyan, console.log of an object) or plain text.
 * Recognised: Prisma errors (an object with a P20xx `code`, or Prisma's printed message),
 * node-postgres errors (an object with a SQLSTATE `code` and the server's fields: `constraint`,
 * `table`, `column`, `detail`), and any text holding a PostgreSQL error message or "SQLSTATE 23514".
 */
export const appLogFormat: RecordFormat = {
  needles: [
    'P20',
    'violates',
    'does not exist',
    'invalid input',
    'too long',
    'out of range',
    'timeout',
    'deadlock',
    'could not obtain lock',
    'could not serialize',
    'SQLSTATE',
    'sqlState',
    'sql_state',
    'state_code',
  ],
  recordEnd(data, start, atEnd) {
    const newline = data.indexOf(NEWLINE, start);
    if (newline >= 0) return newline + 1;
    return atEnd && data.length > start ? data.length : -1;
  },
  parse(records) {
    return records.map((record) => parseAppLogLine(record.toString('utf8').trim()));
  },
};

export function parseAppLogLine(line: string): WatchEvent | undefined {
  if (line.startsWith('{')) {
    try {
      const entry = JSON.parse(line) as unknown;
      if (entry !== null && typeof entry === 'object') return jsonEvent(entry as Record<string, unknown>);
    } catch {
      // Not JSON after all: read it as text.
    }
  }
  return textEvent(line, parseLogTimestamp(line.slice(0, 64)));
}

function jsonEvent(entry: Record<string, unknown>): WatchEvent | undefined {
  const key = TIME_KEYS.find((name) => entry[name] !== undefined);
  const at = key ? parseAnyTime(entry[key]) : null;
  const found = findError(entry, at, 0);
  if (found) return found;
  for (const name of TEXT_KEYS) {
    const value = entry[name];
    if (typeof value === 'string') {
      const event = textEvent(value, at);
      if (event) return event;
    }
  }
  return undefined;
}

function findError(value: Record<string, unknown>, at: number | null, depth: number): WatchEvent | undefined {
  const code = value.code;
  if (typeof code === 'string') {
    if (/^P\d{4}$/.test(code)) {
      const prisma = prismaErrorEvent(value, at);
      if (prisma) return prisma;
    } else if (SQLSTATE.test(code) && /\d/.test(code) && typeof value.message === 'string' && looksLikeServerError(value)) {
      return nodePostgresEvent(value, code, at);
    }
  }
  if (depth >= MAX_DEPTH) return undefined;
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') {
      const found = findError(child as Record<string, unknown>, at, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

// node-postgres' DatabaseError carries the server's ErrorResponse fields; requiring one of them
// keeps an HTTP library's { code: "ECONNRESET" }-style objects out.
function looksLikeServerError(value: Record<string, unknown>): boolean {
  return ['severity', 'routine', 'constraint', 'table', 'column', 'detail', 'schema'].some((key) => typeof value[key] === 'string');
}

function nodePostgresEvent(error: Record<string, unknown>, code: string, at: number | null): WatchEvent {
  const message = error.message as string;
  const facts = parsePostgresMessage(message);
  return {
    at,
    sqlState: code,
    message,
    ...optional('detail', error.detail),
    ...optional('hint', error.hint),
    ...optional('context', error.where),
    ...optional('schema', error.schema),
    ...optional('table', error.table ?? facts?.table),
    ...optional('column', error.column ?? facts?.column),
    ...optional('constraint', error.constraint ?? facts?.constraint),
  };
}

const STATED_SQLSTATE = /(?:SQLSTATE|sqlState|sql_state|state_code|code)["'\s:=[]*["']?([0-9A-Z]{5})\b/;

function textEvent(text: string, at: number | null): WatchEvent | undefined {
  const prisma = prismaMessageEvent(text, at);
  if (prisma) return prisma;
  const stated = STATED_SQLSTATE.exec(text)?.[1];
  const { message } = splitLoggedMessage(errorText(text));
  const facts = parsePostgresMessage(message);
  const sqlState = stated && /\d/.test(stated) ? stated : facts?.sqlState;
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
