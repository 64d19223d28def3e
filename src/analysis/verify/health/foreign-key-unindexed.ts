import type { CatalogConstraint, CatalogIndex } from '../../../catalog/catalog-snapshot.js';
import { quoteIdentifier } from '../../../sql/quote-identifier.js';
import { plural } from '../verify-check-run.js';
import { quoted, rowEstimate, shown, type HealthCheck } from './health-context.js';

/**
 * Foreign keys whose referencing columns lead no index, on tables big enough for it to matter:
 * every DELETE or key UPDATE of a referenced row scans the referencing table for rows that still
 * point at it (inside the deleting transaction, holding its locks), and joins along the key scan
 * too. A warning: it is slow, not broken.
 */
export const foreignKeyUnindexed: HealthCheck = ({ objects, statistics, thresholds }) => {
  const min = thresholds.unindexedForeignKeyMinRows;
  const big = objects.constraints.filter(
    (c) => c.type === 'foreign-key' && c.foreignKey && rowEstimate(statistics, c.schema, c.table) >= min,
  );
  const unindexed = big.filter((fk) => !objects.indexes.some((index) => serves(index, fk)));
  const scope = `${plural(big.length, 'foreign key')} on tables of ≥ ${min.toLocaleString('en')} rows`;
  return {
    id: 'foreign-key-unindexed',
    kind: 'foreign-key-unindexed',
    title: `foreign keys indexed (tables ≥ ${min.toLocaleString('en')} rows)`,
    summary: unindexed.length ? `${unindexed.length} of ${scope} without an index` : scope,
    findings: unindexed.map((fk) => {
      const parent = fk.foreignKey!.referencedTable;
      const rows = Math.round(rowEstimate(statistics, fk.schema, fk.table));
      const columns = fk.columns.map(quoteIdentifier).join(', ');
      return {
        ruleId: 'foreign-key-unindexed',
        severity: 'warning',
        message: `foreign key ${fk.name} on ${shown(fk.schema, fk.table)} (${fk.columns.join(', ')}) → ${shown(parent.schema, parent.name)} has no index leading with ${fk.columns.join(', ')}: each DELETE or key UPDATE on ${shown(parent.schema, parent.name)} scans ~${rows.toLocaleString('en')} rows of ${shown(fk.schema, fk.table)}`,
        help: `CREATE INDEX CONCURRENTLY ${quoteIdentifier(indexName(fk))} ON ${quoted(fk.schema, fk.table)} (${columns});`,
        evidence: {
          schema: fk.schema,
          table: fk.table,
          constraint: fk.name,
          columns: fk.columns,
          referencedTable: parent,
          rowEstimate: rows,
        },
      };
    }),
  };
};

/** A valid, non-partial btree index whose first columns are the key's columns (in any order). */
function serves(index: CatalogIndex, fk: CatalogConstraint): boolean {
  if (index.schema !== fk.schema || index.table !== fk.table || !index.valid || index.predicate !== null) return false;
  if (index.method !== 'btree' && !(index.method === 'hash' && fk.columns.length === 1)) return false;
  const leading = index.columns.slice(0, fk.columns.length);
  return leading.length === fk.columns.length && fk.columns.every((column) => leading.includes(column));
}

// PostgreSQL's own naming (table_columns_idx), cut to its 63-byte limit.
function indexName(fk: CatalogConstraint): string {
  const name = `${fk.table}_${fk.columns.join('_')}_idx`;
  return Buffer.byteLength(name) <= 63
    ? name
    : `${Buffer.from(name)
        .subarray(0, 59)
        .toString('utf8')
        .replace(/\uFFFD+$/, '')}_idx`;
}
