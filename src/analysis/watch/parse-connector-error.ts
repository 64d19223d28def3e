import { optional } from './optional-field.js';
import { parsePostgresMessage } from './postgres-message.js';
import type { WatchEvent } from './watch-event.js';

/**
 * The PostgreSQL error inside the connector-error dump Prisma's query engine prints for errors it
 * has no P-code for (a CHECK violation, an exclusion constraint, a trigger's RAISE): the message of
 * a PrismaClientUnknownRequestError is "Error occurred during query execution:\n" followed by the
 * Rust Debug form of the error (prisma-engines query-engine/core/src/interpreter/error.rs):
 *
 * - quaint's `PostgresError { code, message, severity, detail, column, hint }`
 *   (quaint/src/connector/postgres/error.rs, unknown codes become `ErrorKind::QueryError`), which
 *   both the native engine (Prisma 5.x+) and driver adapters (query-engine/driver-adapters/src/error.rs)
 *   produce: `QueryError(PostgresError { code: "23514", message: "new row …", … })`;
 * - the tokio-postgres `DbError` older engines printed: `QueryError(Error { kind: Db, cause:
 *   Some(DbError { severity: "ERROR", code: SqlState(E23514), message: "…", table: Some("t"),
 *   constraint: Some("c"), … }) })` (prisma/prisma#22536, Prisma 5.0).
 */
export function connectorErrorEvent(text: string, at: number | null): WatchEvent | undefined {
  const start = text.search(/\b(?:PostgresError|DbError) \{/);
  if (start < 0) return undefined;
  const fields = debugFields(text, text.indexOf('{', start) + 1);
  const code = /^(?:SqlState\()?E?([0-9A-Z]{5})\)?$/.exec(fields.code ?? '')?.[1];
  const message = fields.message;
  if (!code || !/\d/.test(code) || message === undefined) return undefined;
  const facts = parsePostgresMessage(message);
  return {
    at,
    sqlState: code,
    message,
    ...optional('detail', fields.detail),
    ...optional('hint', fields.hint),
    ...optional('context', fields.where_),
    ...optional('schema', fields.schema),
    ...optional('table', fields.table ?? facts?.table),
    ...optional('column', fields.column ?? facts?.column),
    ...optional('constraint', fields.constraint ?? facts?.constraint),
  };
}

/** `key: value` pairs of one Rust Debug struct, to its closing brace: strings, `Some(x)`, `None`, tuple structs. */
function debugFields(text: string, from: number): Readonly<Record<string, string | undefined>> {
  const fields: Record<string, string | undefined> = {};
  const pair = /\s*([a-z_]+): /y;
  let at = from;
  for (;;) {
    pair.lastIndex = at;
    const match = pair.exec(text);
    if (!match) break;
    const [value, end] = debugValue(text, pair.lastIndex);
    fields[match[1]!] = value;
    at = end;
    if (text[at] === ',') at++;
    else break;
  }
  return fields;
}

/** One value and where it ends: `"…"` unescaped, `Some(v)` as v, `None` as undefined, anything else as written. */
function debugValue(text: string, at: number): [string | undefined, number] {
  if (text[at] === '"') return rustString(text, at);
  if (text.startsWith('None', at)) return [undefined, at + 4];
  if (text.startsWith('Some(', at)) {
    const [inner, end] = debugValue(text, at + 5);
    return [inner, text[end] === ')' ? end + 1 : end];
  }
  const token = /[^,(){}]*(?:\([^)]*\))?/y;
  token.lastIndex = at;
  const match = token.exec(text)!;
  return [match[0].trim(), token.lastIndex];
}

// Rust's Debug escapes: \" \\ \n \r \t \0 \' and \u{…}.
function rustString(text: string, at: number): [string, number] {
  let out = '';
  let i = at + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] !== '\\') {
      out += text[i++];
      continue;
    }
    const e = text[i + 1] ?? '';
    if (e === 'u' && text[i + 2] === '{') {
      const close = text.indexOf('}', i);
      out += String.fromCodePoint(parseInt(text.slice(i + 3, close), 16));
      i = close + 1;
      continue;
    }
    out += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '0' ? '\0' : e;
    i += 2;
  }
  return [out, i + 1];
}
