import type { CatalogObjects, CatalogStatistics } from '../../../catalog/catalog-snapshot.js';
import { quoteQualifiedName } from '../../../sql/quote-identifier.js';
import type { SequenceUse } from '../read-sequence-uses.js';
import type { VerifyCheckRun } from '../verify-check-run.js';

export interface VerifyThresholds {
  /** A sequence with less of its range left than this percentage is a warning (default 20). */
  readonly sequenceHeadroomPercent: number;
  /** Foreign keys without an index count on referencing tables of at least this many rows (default 10,000). */
  readonly unindexedForeignKeyMinRows: number;
}

export const DEFAULT_VERIFY_THRESHOLDS: VerifyThresholds = { sequenceHeadroomPercent: 20, unindexedForeignKeyMinRows: 10_000 };

/** What the built-in health checks read: the target's catalog in verify's scope, nothing else. */
export interface HealthContext {
  readonly objects: CatalogObjects;
  readonly statistics: CatalogStatistics;
  readonly sequences: readonly SequenceUse[];
  readonly thresholds: VerifyThresholds;
  /** Objects another check already reported (objectKey), so each appears once. */
  readonly reported: ReadonlySet<string>;
}

/** A built-in health check: its findings from the catalog alone. */
export type HealthCheck = (context: HealthContext) => Omit<VerifyCheckRun, 'ms'>;

export const constraintKey = (c: { schema: string; table: string; name: string }): string =>
  JSON.stringify(['constraint', c.schema, c.table, c.name]);
export const indexKey = (i: { schema: string; name: string }): string => JSON.stringify(['index', i.schema, i.name]);

/** How a table is named in messages: bare in `public`, qualified elsewhere. */
export const shown = (schema: string, name: string): string => (schema === 'public' ? name : `${schema}.${name}`);

/** The same, quoted for SQL a person runs. */
export const quoted = (schema: string, name: string): string => quoteQualifiedName(schema, name);

/** A table's reltuples estimate; 0 when it was never analysed. */
export function rowEstimate(statistics: CatalogStatistics, schema: string, table: string): number {
  return statistics.tables.find((t) => t.schema === schema && t.name === table)?.rowEstimate ?? 0;
}
