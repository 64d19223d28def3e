import { describe, expect, it } from 'vitest';
import { checkAllowedValues } from '../../src/sql/check-allowed-values.js';
import { onBothDatabases } from './support/sql-test-clients.js';

const CHECKS: Readonly<Record<string, { readonly sql: string; readonly expected: readonly { column: string; values: string[] }[] }>> = {
  t_in: {
    sql: "kind text CHECK (kind IN ('purchase_order', 'sale', 'member_program_item_schedule'))",
    expected: [{ column: 'kind', values: ['purchase_order', 'sale', 'member_program_item_schedule'] }],
  },
  t_varchar: { sql: "kind varchar(40) CHECK (kind IN ('a', 'b'))", expected: [{ column: 'kind', values: ['a', 'b'] }] },
  t_or: { sql: "kind text CHECK (kind = 'a' OR kind = 'b' OR kind = 'c')", expected: [{ column: 'kind', values: ['a', 'b', 'c'] }] },
  t_or_null: { sql: "kind text CHECK (kind IS NULL OR kind IN ('a', 'b'))", expected: [{ column: 'kind', values: ['a', 'b'] }] },
  t_any: { sql: "kind text CHECK (kind = ANY (ARRAY['x', 'y']))", expected: [{ column: 'kind', values: ['x', 'y'] }] },
  t_int: { sql: 'level int CHECK (level IN (1, 2, 3))', expected: [{ column: 'level', values: ['1', '2', '3'] }] },
  t_and: { sql: "kind text, qty int, CHECK (kind IN ('a', 'b') AND qty > 0)", expected: [{ column: 'kind', values: ['a', 'b'] }] },
  t_quoted: { sql: `"Kind" text CHECK ("Kind" IN ('it''s', 'é€'))`, expected: [{ column: 'Kind', values: ["it's", 'é€'] }] },
  t_range: { sql: 'qty int CHECK (qty BETWEEN 1 AND 10)', expected: [] },
  t_mixed_or: { sql: "a text, b text, CHECK (a = 'x' OR b = 'y')", expected: [] },
};

onBothDatabases('allowed values of CHECK constraints as PostgreSQL prints them back', (db) => {
  it.each(Object.entries(CHECKS))('%s', async (table, { sql, expected }) => {
    await db().exec(`CREATE TABLE ${table} (${sql})`);
    const { rows } = await db().query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
      [table],
    );
    expect(rows).toHaveLength(1);
    expect(await checkAllowedValues(rows[0]!.def)).toEqual(expected);
  });
});

describe('allowed values of CHECK expressions as written', () => {
  it.each([
    ["CHECK (status IN ('a','b')) NOT VALID", [{ column: 'status', values: ['a', 'b'] }]],
    ["CHECK (status IN ('a','b') AND status IN ('b','c'))", [{ column: 'status', values: ['b'] }]],
    ["CHECK ('a' = status OR status = 'b')", [{ column: 'status', values: ['a', 'b'] }]],
    ['CHECK (length(name) > 3)', []],
    ['CHECK (this is not sql', []],
  ])('%s', async (definition, expected) => {
    expect(await checkAllowedValues(definition)).toEqual(expected);
  });
});
