import { PgPreflightError } from '../core/pgpreflight-error.js';

/**
 * Quotes an identifier for generated SQL. Always quotes (unlike PostgreSQL's quote_ident, which
 * leaves lower-case non-keywords bare): one rule is safe for every name — upper case, spaces,
 * keywords, quotes, unicode — and needs no keyword list that could fall behind the server's.
 * Note that PostgreSQL truncates identifiers longer than 63 bytes; the name is quoted as given.
 */
export function quoteIdentifier(name: string): string {
  rejectNul(name, 'an identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.name`, each part quoted; no schema (undefined, null or '') gives just the name. */
export function quoteQualifiedName(schema: string | undefined | null, name: string): string {
  return schema ? `${quoteIdentifier(schema)}.${quoteIdentifier(name)}` : quoteIdentifier(name);
}

/**
 * A string literal for SQL files people read and run (rollback scripts, remediation SQL); queries
 * pgpreflight runs itself pass values as parameters instead. Same output as PostgreSQL's
 * quote_literal: quotes doubled, and with a backslash the E'' form with backslashes doubled, which
 * reads the same whatever standard_conforming_strings is.
 */
export function quoteLiteral(value: string): string {
  rejectNul(value, 'a string literal');
  const quoted = value.replaceAll("'", "''");
  return value.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/** quote_nullable: NULL for null, otherwise quoteLiteral. */
export function quoteNullable(value: string | null | undefined): string {
  return value === null || value === undefined ? 'NULL' : quoteLiteral(value);
}

function rejectNul(value: string, what: string): void {
  // PostgreSQL text cannot hold U+0000; a query containing one fails in the server's encoding check.
  if (value.includes('\u0000')) {
    throw new PgPreflightError('USAGE', `${what} cannot contain a NUL character (U+0000)`, {
      hint: 'remove the NUL character from the name or value in the configuration',
    });
  }
}
