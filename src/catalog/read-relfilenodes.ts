import type { DatabaseClient } from '../db/database-client.js';

/**
 * The storage file of every table and materialized view (`pg_class.relfilenode`): when it changes
 * across a statement, PostgreSQL rewrote the table — under an ACCESS EXCLUSIVE lock, for as long as
 * copying every row takes.
 */
export async function readRelfilenodes(client: DatabaseClient): Promise<ReadonlyMap<string, string>> {
  const { rows } = await client.query<{ name: string; node: string }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.relfilenode::text AS node
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  return new Map(rows.map((r) => [r.name, r.node]));
}

/** Tables present before and after whose storage was replaced. */
export function rewrittenTables(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  return [...after]
    .filter(([name, node]) => before.has(name) && before.get(name) !== node)
    .map(([name]) => name)
    .sort();
}
