import type { CatalogQuery } from './catalog-query.js';
import type { CatalogIndex, CatalogIndexKey } from './catalog-snapshot.js';
import { qualifiedCatalogName } from './qualified-catalog-name.js';

export interface RawIndex {
  readonly relid: number;
  readonly index_name: string;
  readonly definition: string;
  readonly method: string;
  readonly is_unique: boolean;
  readonly is_primary: boolean;
  readonly is_valid: boolean;
  readonly nulls_not_distinct: boolean;
  /** indkey: attnums of the key columns then the INCLUDE columns; 0 for an expression. */
  readonly attnums: number[];
  readonly key_count: number;
  /** The text of each expression key, in key order. */
  readonly expressions: string[] | null;
  readonly predicate: string | null;
  readonly constraint_name: string | null;
  /** indoption per key: bit 1 DESC, bit 2 NULLS FIRST. */
  readonly options: number[];
  /** Per key, a non-default operator class; null when every key has its default. */
  readonly opclasses: (string | null)[] | null;
  /** Per key, a collation other than the database default; null when none has one. */
  readonly collations: (string | null)[] | null;
}

// pg_get_indexdef(index, n, false) prints key n alone; it is asked only for expression keys, the
// columns are named from their attnums. NULLS NOT DISTINCT arrived in PostgreSQL 15. pg_constraint
// has no index on conindid: the owning constraint is a hash join, not a lookup per index.
const OWNING_CONSTRAINTS = `SELECT conindid, conname FROM pg_catalog.pg_constraint WHERE contype IN ('p', 'u', 'x')`;

// Operator classes and collations are named only for the rare index that has a non-default one:
// the uncorrelated subquery is evaluated once, the overlap test per index is an array compare.
const OPCLASSES = `CASE WHEN i.indclass::oid[] OPERATOR(pg_catalog.&&) (SELECT pg_catalog.array_agg(oc.oid) FROM pg_catalog.pg_opclass oc WHERE NOT oc.opcdefault) THEN
    ARRAY(SELECT CASE WHEN NOT oc.opcdefault THEN ${qualifiedCatalogName('ocn.nspname', 'oc.opcname')} END
            FROM pg_catalog.unnest(i.indclass::oid[]) WITH ORDINALITY AS k(oid, ord)
            JOIN pg_catalog.pg_opclass oc ON oc.oid = k.oid JOIN pg_catalog.pg_namespace ocn ON ocn.oid = oc.opcnamespace ORDER BY k.ord)
  END`;
const COLLATIONS = `CASE WHEN NOT (i.indcollation::oid[] OPERATOR(pg_catalog.<@) '{0,100}'::oid[]) THEN
    ARRAY(SELECT CASE WHEN k.oid NOT IN (0, 100) THEN ${qualifiedCatalogName('con.nspname', 'co.collname')} END
            FROM pg_catalog.unnest(i.indcollation::oid[]) WITH ORDINALITY AS k(oid, ord)
            LEFT JOIN pg_catalog.pg_collation co ON co.oid = k.oid LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace ORDER BY k.ord)
  END`;

export const readIndexes: CatalogQuery<RawIndex, CatalogIndex> = {
  key: 'indexes',
  fields: {
    relid: true,
    index_name: true,
    definition: true,
    method: true,
    is_unique: true,
    is_primary: true,
    is_valid: true,
    nulls_not_distinct: true,
    attnums: true,
    key_count: true,
    expressions: true,
    predicate: true,
    constraint_name: true,
    options: true,
    opclasses: true,
    collations: true,
  },
  sql: (serverVersionNum) => `
SELECT r.oid AS relid, ic.relname AS index_name,
  pg_catalog.pg_get_indexdef(i.indexrelid) AS definition, am.amname AS method,
  i.indisunique AS is_unique, i.indisprimary AS is_primary, i.indisvalid AS is_valid,
  ${serverVersionNum >= 150000 ? 'i.indnullsnotdistinct' : 'false'} AS nulls_not_distinct,
  i.indkey::int2[] AS attnums, i.indnkeyatts::int AS key_count,
  CASE WHEN 0 = ANY (i.indkey::int2[]) THEN
    ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, false)
            FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) WHERE k.attnum = 0 ORDER BY k.ord)
  END AS expressions,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
  con.conname AS constraint_name, i.indoption::int2[] AS options,
  ${OPCLASSES} AS opclasses,
  ${COLLATIONS} AS collations
FROM scope_relation r
JOIN pg_catalog.pg_index i ON i.indrelid = r.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN (${OWNING_CONSTRAINTS}) AS con ON con.conindid = i.indexrelid`,
  toItem: (raw, { relation, columnNames }) => {
    const table = relation(raw.relid);
    const expressions = [...(raw.expressions ?? [])];
    const keys = raw.attnums.map((attnum, k): CatalogIndexKey => {
      const expression = attnum === 0 ? (expressions.shift() ?? '') : null;
      const option = raw.options[k] ?? 0;
      return {
        column: expression === null ? columnNames(raw.relid, [attnum])[0]! : null,
        expression,
        opclass: raw.opclasses?.[k] ?? null,
        collation: raw.collations?.[k] ?? null,
        descending: (option & 1) !== 0,
        nullsFirst: (option & 2) !== 0,
      };
    });
    const names = keys.map((key) => key.column ?? key.expression!);
    return {
      schema: table.schema,
      table: table.name,
      name: raw.index_name,
      definition: raw.definition,
      method: raw.method,
      unique: raw.is_unique,
      primary: raw.is_primary,
      valid: raw.is_valid,
      nullsNotDistinct: raw.nulls_not_distinct,
      columns: names.slice(0, raw.key_count),
      keys: keys.slice(0, raw.key_count),
      include: names.slice(raw.key_count),
      predicate: raw.predicate,
      constraint: raw.constraint_name,
    };
  },
  sortKey: (index) => [index.schema, index.table, index.name],
};
