import type { DatabaseClient } from '../../db/database-client.js';
import { quoteQualifiedName } from '../../sql/quote-identifier.js';

/** INVALID indexes by qualified name: what a failed CREATE INDEX / REINDEX CONCURRENTLY leaves. */
export async function invalidIndexes(db: DatabaseClient, scope: IndexScope = {}): Promise<ReadonlySet<string>> {
  const { rows } = await db.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid AND ($1::text IS NULL OR t.relname = $1) AND ($2::text IS NULL OR c.relname = $2)`,
    [scope.table ?? null, scope.index ?? null],
  );
  return new Set(rows.map((row) => JSON.stringify([row.schema, row.name])));
}

/**
 * Which leftovers a failed step may have made: the index it names, else indexes on its table — never
 * an index another session is building concurrently elsewhere at the same moment.
 */
export interface IndexScope {
  readonly table?: string;
  readonly index?: string;
}

/**
 * Drops the INVALID indexes that appeared since `before` (concurrently, so the drop takes no lock
 * that blocks writes) and returns their names. A retry of the build, or the next deploy, would
 * otherwise fail on "relation already exists" while the leftover slows every write.
 */
export async function dropNewInvalidIndexes(db: DatabaseClient, before: ReadonlySet<string>, scope: IndexScope = {}): Promise<string[]> {
  const dropped: string[] = [];
  for (const key of await invalidIndexes(db, scope)) {
    if (before.has(key)) continue;
    const [schema, name] = JSON.parse(key) as [string, string];
    await db.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualifiedName(schema, name)}`);
    dropped.push(`${schema}.${name}`);
  }
  return dropped;
}
