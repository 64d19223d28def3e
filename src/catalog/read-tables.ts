import type { CatalogQuery } from './catalog-query.js';
import type { CatalogTable, RelationKind } from './catalog-snapshot.js';
import type { RawRelationName } from './relation-lookup.js';

export interface RawTable extends RawRelationName {
  readonly relkind: string;
  readonly unlogged: boolean;
  readonly rls_enabled: boolean;
  readonly rls_forced: boolean;
  /** Attnums of the primary key's index: key columns first, then INCLUDE columns. */
  readonly pk_attnums: number[] | null;
  readonly pk_key_count: number | null;
  readonly options: string[] | null;
  readonly partition_key: string | null;
  /** [schema, name] of a partition's parent. */
  readonly parent: [string, string] | null;
  readonly partition_bound: string | null;
  /** What every row of a partition must satisfy, its ancestors' bounds included (a DEFAULT: none of its siblings'). */
  readonly partition_constraint: string | null;
}

const KINDS: Readonly<Record<string, RelationKind>> = { r: 'table', p: 'partitioned', v: 'view', m: 'matview', f: 'foreign' };

// Partitioning is read only for the relations that have it, in subqueries rather than joins.
export const readTables: CatalogQuery<RawTable, CatalogTable> = {
  key: 'tables',
  fields: {
    relid: true,
    schema_name: true,
    table_name: true,
    relkind: true,
    unlogged: true,
    rls_enabled: true,
    rls_forced: true,
    pk_attnums: true,
    pk_key_count: true,
    options: true,
    partition_key: true,
    parent: true,
    partition_bound: true,
    partition_constraint: true,
  },
  sql: () => `
SELECT r.oid AS relid, r.nspname AS schema_name, r.relname AS table_name, r.relkind::text AS relkind,
  r.relpersistence = 'u' AS unlogged, r.relrowsecurity AS rls_enabled, r.relforcerowsecurity AS rls_forced,
  pk.indkey::int2[] AS pk_attnums, pk.indnkeyatts::int AS pk_key_count,
  r.reloptions AS options,
  CASE WHEN r.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(r.oid) END AS partition_key,
  CASE WHEN r.relispartition THEN
    (SELECT ARRAY[pn.nspname::text, pc.relname::text] FROM pg_catalog.pg_inherits inh
       JOIN pg_catalog.pg_class pc ON pc.oid = inh.inhparent
       JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE inh.inhrelid = r.oid)
  END AS parent,
  CASE WHEN r.relispartition THEN
    (SELECT pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM pg_catalog.pg_class c WHERE c.oid = r.oid)
  END AS partition_bound,
  CASE WHEN r.relispartition THEN pg_catalog.pg_get_partition_constraintdef(r.oid) END AS partition_constraint
FROM scope_relation r
LEFT JOIN pg_catalog.pg_index pk ON pk.indrelid = r.oid AND pk.indisprimary
WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')`,
  toItem: (raw, { columnNames }) => ({
    schema: raw.schema_name,
    name: raw.table_name,
    kind: KINDS[raw.relkind] ?? 'table',
    unlogged: raw.unlogged,
    rlsEnabled: raw.rls_enabled,
    rlsForced: raw.rls_forced,
    primaryKey: raw.pk_attnums && raw.pk_key_count !== null ? columnNames(raw.relid, raw.pk_attnums.slice(0, raw.pk_key_count)) : null,
    options: [...(raw.options ?? [])].sort(),
    partitionKey: raw.partition_key,
    partitionOf: raw.parent ? { schema: raw.parent[0], name: raw.parent[1] } : null,
    partitionBound: raw.partition_bound,
    partitionConstraint: raw.partition_constraint,
  }),
  sortKey: (table) => [table.schema, table.name],
};
