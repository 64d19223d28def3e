import { appRecordEnd, appRecordStart } from './app-log-record.js';
import { parseAnyTime, parseLogTimestamp } from './log-timestamp.js';
import type { RecordFormat } from './needle-scanner.js';
import { findError } from './find-structured-error.js';
import type { PrismaReading } from './parse-prisma-error.js';
import { textRecordEvent } from './parse-app-text.js';
import { supabaseRowEvent } from './parse-supabase-export.js';
import type { WatchEvent } from './watch-event.js';

const TIME_KEYS = ['time', 'timestamp', '@timestamp', 'ts', 'date', 'datetime', 'level_time'];
const TEXT_KEYS = new Set(['message', 'msg', 'error', 'err', 'stack', 'event_message']);
// Deep enough for { err: { cause: { meta } } }, shallow enough that a huge log object costs little.
const MAX_DEPTH = 5;

/**
 * Application logs: JSON lines (pino, winston, bunyan, Prisma's `$on('error')` event, Supabase log
 * rows) or text (Prisma's `prisma:error` output, `console.error(error)` with its stack and fields).
 * Recognised: Prisma errors (a P-code, the connector dump of an unknown-request error, Prisma's
 * printed message), node-postgres errors and PostgREST error bodies (a SQLSTATE `code` and the
 * server's fields), Prisma 7's DriverAdapterError (its `cause`), and any text holding a PostgreSQL
 * error message or "SQLSTATE 23514".
 */
export const appLogFormat: RecordFormat = {
  // A printed error's first line ("PrismaClient…Error:", "prisma:error", "error: … violates") holds
  // a needle, so it is kept while the rest of the entry arrives in later chunks.
  needles: [
    'P20',
    'reach database server',
    'violates',
    'does not exist',
    'invalid input',
    'too long',
    'out of range',
    'timeout',
    'deadlock',
    'could not obtain lock',
    'could not serialize',
    'constraint failed',
    'constraint violat',
    'Raw query failed',
    'write conflict',
    'PostgresError',
    'DbError',
    'Prisma',
    'prisma:error',
    'SQLSTATE',
    'sqlState',
    'sql_state',
    'state_code',
  ],
  recordEnd: appRecordEnd,
  recordStart: appRecordStart,
  parse(records) {
    return records.map((record) => parseAppLogRecord(record.toString('utf8').trim()));
  },
};

/** One application log entry (a JSON line, or a printed error of one or more lines) as an event. */
export function parseAppLogRecord(text: string): WatchEvent | undefined {
  if (text.startsWith('{') && !text.includes('\n')) {
    try {
      const entry = JSON.parse(text) as unknown;
      if (entry !== null && typeof entry === 'object') return jsonEvent(entry as Record<string, unknown>) ?? undefined;
    } catch {
      // Not JSON after all: read it as text.
    }
  }
  return textRecordEvent(text, parseLogTimestamp(text.slice(0, 64))) ?? undefined;
}

function jsonEvent(entry: Record<string, unknown>): PrismaReading {
  const key = TIME_KEYS.find((name) => entry[name] !== undefined);
  const at = key ? parseAnyTime(entry[key]) : null;
  const supabase = supabaseRowEvent(entry, at);
  if (supabase !== undefined) return supabase;
  const found = findError(entry, at, 0);
  if (found !== undefined) return found;
  // An error known only by its text: Prisma's message (with the connector dump) under err.message.
  for (const text of texts(entry, 0)) {
    const event = textRecordEvent(text, at);
    if (event !== undefined) return event;
  }
  return undefined;
}

function* texts(value: Record<string, unknown>, depth: number): Generator<string> {
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string' && TEXT_KEYS.has(key)) yield child;
    else if (child !== null && typeof child === 'object' && depth < MAX_DEPTH) yield* texts(child as Record<string, unknown>, depth + 1);
  }
}
