import type { CatalogSnapshot, QualifiedName } from '../../catalog/catalog-snapshot.js';

/**
 * The target's row estimate for a table, for choosing a probe's plan. A partitioned table holds no
 * rows itself (its reltuples is -1, or 0 before PostgreSQL 14, and autovacuum never analyses it):
 * its estimate is the sum of its partitions', down to the leaves. Null when nothing is known.
 */
export function rowEstimate(target: CatalogSnapshot, table: QualifiedName, depth = 0): number | null {
  const kind = target.objects.tables.find((t) => t.schema === table.schema && t.name === table.name)?.kind;
  if (kind === 'partitioned' && depth < 32) {
    const parts = target.objects.tables
      .filter((t) => t.partitionOf?.schema === table.schema && t.partitionOf.name === table.name)
      .map((t) => rowEstimate(target, t, depth + 1));
    const known = parts.filter((n): n is number => n !== null);
    // An unanalysed partition may be the big one: unknown, as for an unanalysed table.
    return known.length && known.length === parts.length ? known.reduce((a, b) => a + b, 0) : parts.length ? null : 0;
  }
  return target.statistics.tables.find((s) => s.schema === table.schema && s.name === table.name)?.rowEstimate ?? null;
}
