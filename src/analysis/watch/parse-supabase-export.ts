import { parse } from 'csv-parse/sync';
import { parseLogTimestamp } from './log-timestamp.js';
import type { RecordFormat } from './needle-scanner.js';
import { optional } from './optional-field.js';
import { csvlogFormat } from './parse-csvlog.js';
import type { PrismaReading } from './parse-prisma-error.js';
import { parsePostgresMessage } from './postgres-message.js';
import type { WatchEvent } from './watch-event.js';

/**
 * Supabase's postgres logs (the `postgres_logs` source of the Logs Explorer, its Management API
 * and log drains): each row has the line as `event_message` and PostgreSQL's fields under
 * `metadata[].parsed[]` (BigQuery: `cross join unnest(metadata) as m cross join unnest(m.parsed)`),
 * as `parsed.x` keys of `log_attributes` (ClickHouse), or as plain columns when a query selects
 * them (`parsed.error_severity`, `parsed.sql_state_code` → `error_severity`, `sql_state_code`).
 * Supabase docs: guides/telemetry/logs, troubleshooting/how-to-interpret-and-explore-the-postgres-logs.
 * Undefined: not such a row; null: a row that is not an error.
 */
export function supabaseRowEvent(row: Record<string, unknown>, at: number | null): PrismaReading {
  if (typeof row.event_message !== 'string') return undefined;
  const field = (name: string): string | undefined => supabaseField(row, name);
  const severity = field('error_severity') ?? /^([A-Z]+):/.exec(row.event_message)?.[1];
  if (severity !== undefined && !/^(?:ERROR|FATAL|PANIC)$/.test(severity)) return null;
  return rowEvent(row.event_message, field, supabaseTime(row.timestamp) ?? at);
}

function supabaseField(row: Record<string, unknown>, name: string): string | undefined {
  const attributes = isObject(row.log_attributes) ? row.log_attributes : {};
  const metadata = Array.isArray(row.metadata) && isObject(row.metadata[0]) ? row.metadata[0] : {};
  const parsed = Array.isArray(metadata.parsed) && isObject(metadata.parsed[0]) ? metadata.parsed[0] : {};
  for (const value of [row[name], row[`parsed.${name}`], attributes[`parsed.${name}`], parsed[name]]) {
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function rowEvent(eventMessage: string, field: (name: string) => string | undefined, at: number | null): WatchEvent | undefined {
  // event_message is the server's line: "ERROR:  new row for relation …" (the severity and a
  // verbose code may lead it).
  const message = eventMessage.replace(/^(?:[A-Z]+: +)?(?:[0-9A-Z]{5}: )?/, '').trim();
  const facts = parsePostgresMessage(message);
  const stated = field('sql_state_code');
  const sqlState = stated && /^[0-9A-Z]{5}$/.test(stated) ? stated : (facts?.sqlState ?? null);
  if (sqlState === null) return undefined;
  return {
    at,
    sqlState,
    message,
    ...optional('detail', field('detail')),
    ...optional('hint', field('hint')),
    ...optional('context', field('context')),
    ...optional('statement', field('query')),
    ...optional('database', field('database_name')),
    ...optional('table', facts?.table),
    ...optional('column', facts?.column),
    ...optional('constraint', facts?.constraint),
  };
}

// Supabase's timestamps are epoch microseconds (JSON) or a UTC datetime without a zone (CSV).
function supabaseTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e14 ? Math.round(value / 1000) : value;
  if (typeof value !== 'string' || value === '') return null;
  if (/^\d{15,17}$/.test(value)) return Math.round(Number(value) / 1000);
  return parseLogTimestamp(/[zZ]|[+-]\d{2}:?\d{2}$|[A-Z]{3}$/.test(value) ? value : `${value} UTC`);
}

/** Whether a file's first line is the header of a Logs Explorer CSV export (it names `event_message`). */
export function isSupabaseCsvHeader(line: string): boolean {
  return /(?:^|,)"?event_message"?(?:,|$)/.test(line.trim());
}

/** A Logs Explorer CSV export ("download as a spreadsheet"), its columns named by its header line. */
export function supabaseCsvFormat(header: string): RecordFormat {
  const columns = (parse(header, { relax_quotes: true }) as string[][])[0] ?? [];
  return {
    needles: ['ERROR', 'FATAL', 'PANIC'],
    recordEnd: csvlogFormat.recordEnd,
    parse(records) {
      return records.map((record) => {
        let cells: string[];
        try {
          cells = (parse(record, { relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
        } catch {
          return undefined;
        }
        if (cells.length !== columns.length) return undefined;
        const row = Object.fromEntries(columns.map((name, i) => [name.replace(/^parsed\./, ''), cells[i]]));
        return supabaseRowEvent(row, null) ?? undefined;
      });
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
