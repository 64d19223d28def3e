import { parse } from 'csv-parse/sync';
import { parseLogTimestamp } from './log-timestamp.js';
import { optional } from './optional-field.js';
import { joinBuffers, type RecordFormat } from './needle-scanner.js';
import type { WatchEvent } from './watch-event.js';

const QUOTE = 0x22;
const NEWLINE = 0x0a;

// Columns of csvlog (PostgreSQL docs, "Using CSV-Format Log Output"); 13+ add backend_type, 14+
// leader_pid and query_id. Only the first 22 are needed, and they are the same in every version.
const TIME = 0;
const DATABASE = 2;
const SEVERITY = 11;
const SQLSTATE = 12;
const MESSAGE = 13;
const DETAIL = 14;
const HINT = 15;
const CONTEXT = 18;
const QUERY = 19;

const OPTIONS = { relax_column_count: true, relax_quotes: true } as const;

/**
 * csvlog: one CSV record per log entry, severity in field 12 and SQLSTATE in field 13. Quoted fields
 * (message, detail, query) may span lines, so a record ends at the first newline outside quotes.
 */
export const csvlogFormat: RecordFormat = {
  needles: [',ERROR,'],
  recordEnd(data, start, atEnd) {
    let i = start;
    for (;;) {
      const quote = data.indexOf(QUOTE, i);
      const newline = data.indexOf(NEWLINE, i);
      if (newline >= 0 && (quote < 0 || newline < quote)) return newline + 1;
      if (quote < 0) return atEnd && data.length > start ? data.length : -1;
      // Inside a quoted field: "" is an escaped quote, a lone " closes it.
      let close = quote + 1;
      for (;;) {
        close = data.indexOf(QUOTE, close);
        if (close < 0 || close + 1 >= data.length) return close >= 0 && atEnd ? data.length : -1;
        if (data[close + 1] !== QUOTE) break;
        close += 2;
      }
      i = close + 1;
    }
  },
  parse(records) {
    let rows: string[][];
    try {
      rows = parse(joinBuffers(records), OPTIONS);
      if (rows.length !== records.length) throw new Error('record count differs');
    } catch {
      // One malformed record must not hide the others.
      rows = records.map((record) => {
        try {
          return parse(record, OPTIONS)[0] ?? [];
        } catch {
          return [];
        }
      });
    }
    return rows.map(csvlogEvent);
  },
};

function csvlogEvent(fields: readonly string[]): WatchEvent | undefined {
  if (fields[SEVERITY] !== 'ERROR' || fields.length <= QUERY) return undefined;
  const at = parseLogTimestamp(fields[TIME]!);
  if (at === null && !/^\d{4}-/.test(fields[TIME]!)) return undefined;
  return {
    at,
    sqlState: fields[SQLSTATE] || null,
    message: fields[MESSAGE]!,
    ...optional('detail', fields[DETAIL]),
    ...optional('hint', fields[HINT]),
    ...optional('context', fields[CONTEXT]),
    ...optional('statement', fields[QUERY]),
    ...optional('database', fields[DATABASE]),
  };
}
