import type { DatabaseClient } from '../../db/database-client.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';

export interface TableCount {
  readonly count: number;
  /** A few of them, schema-qualified, for the message that refuses a database that is not empty. */
  readonly sample: readonly string[];
}

/** Ordinary and partitioned tables outside the system schemas: what a restore would collide with. */
export async function countTables(client: DatabaseClient): Promise<TableCount> {
  return withReadOnlyTransaction(client, async (tx) => {
    const { rows } = await tx.query<{ name: string; total: number }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name, count(*) OVER ()::int AS total
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
        ORDER BY 1
        LIMIT 5`,
    );
    return { count: rows[0]?.total ?? 0, sample: rows.map((row) => row.name) };
  });
}
