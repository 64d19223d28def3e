import { parseLogTimestamp } from './log-timestamp.js';
import type { RecordFormat } from './needle-scanner.js';
import { optional } from './optional-field.js';
import type { WatchEvent } from './watch-event.js';

const NEWLINE = 0x0a;

/** jsonlog (PostgreSQL 15+): one JSON object per line; `state_code` is the SQLSTATE. */
export const jsonlogFormat: RecordFormat = {
  needles: ['"error_severity":"ERROR"'],
  recordEnd(data, start, atEnd) {
    const newline = data.indexOf(NEWLINE, start);
    if (newline >= 0) return newline + 1;
    return atEnd && data.length > start ? data.length : -1;
  },
  parse(records) {
    return records.map((record) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(record.toString('utf8')) as Record<string, unknown>;
      } catch {
        return undefined;
      }
      return jsonlogEvent(entry);
    });
  },
};

function jsonlogEvent(entry: Record<string, unknown>): WatchEvent | undefined {
  if (entry === null || typeof entry !== 'object' || entry.error_severity !== 'ERROR' || typeof entry.message !== 'string')
    return undefined;
  return {
    at: typeof entry.timestamp === 'string' ? parseLogTimestamp(entry.timestamp) : null,
    sqlState: typeof entry.state_code === 'string' ? entry.state_code : null,
    message: entry.message,
    ...optional('detail', entry.detail),
    ...optional('hint', entry.hint),
    ...optional('context', entry.context),
    ...optional('statement', entry.statement),
    ...optional('database', entry.dbname),
  };
}
