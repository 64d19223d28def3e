import type { QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';

/** How many rows hold each value of a column today; `null` is the key for NULL. */
export type ValueCounts = ReadonlyMap<string | null, number>;

// A column constrained to a list has few values; this bounds the answer for one that is not.
const MAX_VALUES = 5000;

/**
 * Counts the rows per value of several columns of one table in a single scan (each row is
 * unfolded into one (column, value) pair per column and grouped once), values compared as text.
 * Runs on the client it is given: the caller opens the read-only transaction.
 */
export async function countValues(
  client: DatabaseClient,
  table: QualifiedName,
  columns: readonly string[],
): Promise<ReadonlyMap<string, ValueCounts>> {
  const result = new Map<string, Map<string | null, number>>(columns.map((c) => [c, new Map()]));
  if (columns.length === 0) return result;
  const pairs = columns.map((c, i) => `(${i}, t.${quoteIdentifier(c)}::text)`).join(', ');
  const { rows } = await client.query<{ k: number; v: string | null; n: string | number }>(
    `SELECT x.k, x.v, count(*) AS n FROM ${quoteQualifiedName(table.schema, table.name)} t CROSS JOIN LATERAL (VALUES ${pairs}) AS x(k, v) GROUP BY x.k, x.v ORDER BY x.k, count(*) DESC LIMIT ${MAX_VALUES}`,
  );
  for (const row of rows) result.get(columns[Number(row.k)]!)!.set(row.v, Number(row.n));
  return result;
}
