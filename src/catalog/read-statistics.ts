import type { CatalogQuery } from './catalog-query.js';
import type { CatalogSequenceStatistics, CatalogTableStatistics } from './catalog-snapshot.js';
import { OWNER_DEPENDENCY, OWNER_IN_SCOPE } from './read-sequences.js';

export interface RawTableStatistics {
  readonly schema_name: string;
  readonly table_name: string;
  readonly reltuples: number;
  readonly total_pages: number;
  readonly block_size: number;
}

export interface RawSequenceStatistics {
  readonly schema_name: string;
  readonly sequence_name: string;
  readonly last_value: string | null;
}

/**
 * Sizes come from relpages (table, TOAST table and all their indexes) rather than
 * pg_total_relation_size: that one opens and locks each relation and stats its files, which on a
 * big production catalog is slow and can queue behind a migration's ACCESS EXCLUSIVE lock.
 */
export const readTableStatistics: CatalogQuery<RawTableStatistics, CatalogTableStatistics> = {
  key: 'table_statistics',
  fields: {
    schema_name: true,
    table_name: true,
    reltuples: true,
    total_pages: true,
    block_size: true,
  },
  sql: () => `
SELECT r.nspname AS schema_name, r.relname AS table_name, r.reltuples::float8 AS reltuples,
  r.relpages::int8 + coalesce(t.relpages, 0)
    + coalesce((SELECT pg_catalog.sum(ic.relpages) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                 WHERE i.indrelid IN (r.oid, r.reltoastrelid)), 0) AS total_pages,
  pg_catalog.current_setting('block_size')::int AS block_size
FROM scope_relation r
LEFT JOIN pg_catalog.pg_class t ON t.oid = r.reltoastrelid
WHERE r.relkind IN ('r', 'p', 'm')`,
  // reltuples is -1 for a table never vacuumed or analysed (PostgreSQL 14+; 0 before).
  toItem: (raw) => ({
    schema: raw.schema_name,
    name: raw.table_name,
    rowEstimate: raw.reltuples < 0 ? null : raw.reltuples,
    totalBytes: Number(raw.total_pages) * raw.block_size,
  }),
  sortKey: (table) => [table.schema, table.name],
};

// What the pg_sequences view does: last_value only with privilege, null before the first nextval.
// The same sequences as read-sequences.ts: none owned by a table out of scope.
export const readSequenceStatistics: CatalogQuery<RawSequenceStatistics, CatalogSequenceStatistics> = {
  key: 'sequence_statistics',
  fields: {
    schema_name: true,
    sequence_name: true,
    last_value: true,
  },
  sql: () => `
SELECT r.nspname AS schema_name, r.relname AS sequence_name,
  CASE WHEN pg_catalog.has_sequence_privilege(r.oid, 'SELECT,USAGE')
       THEN pg_catalog.pg_sequence_last_value(r.oid)::text END AS last_value
FROM scope_relation r
LEFT JOIN ${OWNER_DEPENDENCY}
WHERE r.relkind = 'S' AND ${OWNER_IN_SCOPE}`,
  toItem: (raw) => ({ schema: raw.schema_name, name: raw.sequence_name, lastValue: raw.last_value }),
  sortKey: (sequence) => [sequence.schema, sequence.name],
};
