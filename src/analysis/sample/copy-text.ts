/**
 * PostgreSQL's COPY text format: a row per line, fields separated by tabs, `\N` for NULL, and a
 * backslash before a backslash, tab, newline or carriage return inside a value (COPY TO also writes
 * \b, \f and \v). Rows read with COPY TO are loaded with COPY FROM unchanged; only the fields
 * pgpreflight needs (keys, masked columns) are decoded.
 */
export function copyLines(data: string): string[] {
  const lines = data.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

const DECODE: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** A field's value; null for `\N`. */
export function copyDecode(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => DECODE[c] ?? c);
}

export function copyEncode(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}
