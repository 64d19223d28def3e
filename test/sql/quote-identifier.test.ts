import { describe, expect, it } from 'vitest';
import { PgPreflightError } from '../../src/core/pgpreflight-error.js';
import { quoteIdentifier, quoteLiteral, quoteNullable, quoteQualifiedName } from '../../src/sql/quote-identifier.js';
import { onBothDatabases } from './support/sql-test-clients.js';

const NASTY_NAMES = [
  'say "hi"',
  'with space',
  'UpperCase',
  'select',
  'ünïcödé 日本 😀',
  '"',
  "it's",
  'semi;colon -- not a comment',
  'back\\slash',
];

const NASTY_VALUES = ["it's", 'back\\slash', "both \\' here", '\\\\', "''", 'ünïcödé 日本 😀', 'line\nbreak\ttab', '$$dollar$$', ''];

describe('quoting', () => {
  it('always double-quotes identifiers and doubles embedded quotes', () => {
    expect(quoteIdentifier('users')).toBe('"users"');
    expect(quoteIdentifier('say "hi"')).toBe('"say ""hi"""');
    expect(quoteQualifiedName('public', 'Item')).toBe('"public"."Item"');
    expect(quoteQualifiedName(undefined, 'Item')).toBe('"Item"');
    expect(quoteQualifiedName('', 'Item')).toBe('"Item"');
  });

  it('writes literals as PostgreSQL quote_literal does', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(quoteNullable(null)).toBe('NULL');
    expect(quoteNullable('x')).toBe("'x'");
  });

  it('refuses NUL, which no PostgreSQL text can hold', () => {
    expect(() => quoteIdentifier('a\u0000b')).toThrow(PgPreflightError);
    expect(() => quoteLiteral('a\u0000b')).toThrow(/NUL/);
  });
});

onBothDatabases('quoting on a real database', (db) => {
  it('creates a schema, table and columns with nasty names that read back exactly', async () => {
    const schema = 'Schéma "x"';
    const table = 'Table; DROP TABLE users; --';
    const columns = NASTY_NAMES.map((name) => `${quoteIdentifier(name)} text`).join(', ');
    await db().exec(`CREATE SCHEMA ${quoteIdentifier(schema)}; CREATE TABLE ${quoteQualifiedName(schema, table)} (${columns})`);
    const { rows } = await db().query<{ attname: string }>(
      `SELECT a.attname FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 ORDER BY a.attnum`,
      [schema, table],
    );
    expect(rows.map((row) => row.attname)).toEqual(NASTY_NAMES);
  });

  it('matches quote_literal and round-trips values through SELECT, whatever standard_conforming_strings is', async () => {
    for (const setting of ['on', 'off']) {
      await db().exec(`SET standard_conforming_strings = ${setting}`);
      for (const value of NASTY_VALUES) {
        const { rows } = await db().query<{ value: string; theirs: string }>(
          `SELECT ${quoteLiteral(value)}::text AS value, quote_literal($1::text) AS theirs`,
          [value],
        );
        expect(rows[0]).toEqual({ value, theirs: quoteLiteral(value) });
      }
    }
    await db().exec('RESET standard_conforming_strings');
  });
});
