import type { CatalogQuery } from './catalog-query.js';
import type { CatalogIndex } from './catalog-snapshot.js';

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
}

// pg_get_indexdef(index, n, false) prints key n alone; it is asked only for expression keys, the
// columns are named from their attnums. NULLS NOT DISTINCT arrived in PostgreSQL 15. pg_constraint
// has no index on conindid: the owning constraint is a hash join, not a lookup per index.
const OWNING_CONSTRAINTS = `SELECT conindid, conname FROM pg_catalog.pg_constraint WHERE contype IN ('p', 'u', 'x')`;

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
  con.conname AS constraint_name
FROM scope_relation r
JOIN pg_catalog.pg_index i ON i.indrelid = r.oid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN (${OWNING_CONSTRAINTS}) AS con ON con.conindid = i.indexrelid`,
  toItem: (raw, { relation, columnNames }) => {
    const table = relation(raw.relid);
    const expressions = [...(raw.expressions ?? [])];
    const names = raw.attnums.map((attnum) => (attnum === 0 ? (expressions.shift() ?? '') : columnNames(raw.relid, [attnum])[0]!));
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
      include: names.slice(raw.key_count),
      predicate: raw.predicate,
      constraint: raw.constraint_name,
    };
  },
  sortKey: (index) => [index.schema, index.table, index.name],
};
