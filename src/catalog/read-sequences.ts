import type { CatalogQuery } from './catalog-query.js';
import type { CatalogSequence } from './catalog-snapshot.js';

export interface RawSequence {
  readonly schema_name: string;
  readonly sequence_name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly owner_schema: string | null;
  readonly owner_table: string | null;
  readonly owner_column: string | null;
  readonly identity: boolean;
}

/** The pg_depend row tying sequence `r` to its column, joined as `dep`; and whether that column is in scope. */
export const OWNER_DEPENDENCY = `pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.objid = r.oid
  AND dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjsubid > 0 AND dep.deptype IN ('a', 'i')`;
export const OWNER_IN_SCOPE = `(dep.refobjid IS NULL OR dep.refobjid IN (SELECT o.oid FROM scope_relation o))`;

/**
 * The owning column is the sequence's pg_depend row on a table column: deptype 'a' for SERIAL and
 * OWNED BY, 'i' for an identity column. A sequence owned by a table outside the scope (an excluded
 * history table) is left out with it. int8 settings are cast to text: JSON numbers lose precision
 * past 2^53, and bigint sequences end at 2^63 - 1.
 */
export const readSequences: CatalogQuery<RawSequence, CatalogSequence> = {
  key: 'sequences',
  fields: {
    schema_name: true,
    sequence_name: true,
    type: true,
    start: true,
    increment: true,
    min: true,
    max: true,
    cache: true,
    cycle: true,
    owner_schema: true,
    owner_table: true,
    owner_column: true,
    identity: true,
  },
  sql: () => `
SELECT r.nspname AS schema_name, r.relname AS sequence_name,
  pg_catalog.format_type(s.seqtypid, NULL) AS type,
  s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,
  s.seqcache::text AS cache, s.seqcycle AS cycle,
  own.nspname AS owner_schema, oc.relname AS owner_table, oa.attname AS owner_column,
  coalesce(dep.deptype = 'i', false) AS identity
FROM scope_relation r
JOIN pg_catalog.pg_sequence s ON s.seqrelid = r.oid
LEFT JOIN ${OWNER_DEPENDENCY}
LEFT JOIN pg_catalog.pg_class oc ON oc.oid = dep.refobjid
LEFT JOIN pg_catalog.pg_namespace own ON own.oid = oc.relnamespace
LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
WHERE r.relkind = 'S' AND ${OWNER_IN_SCOPE}`,
  toItem: (raw) => ({
    schema: raw.schema_name,
    name: raw.sequence_name,
    type: raw.type,
    start: raw.start,
    increment: raw.increment,
    min: raw.min,
    max: raw.max,
    cache: raw.cache,
    cycle: raw.cycle,
    ownedBy:
      raw.owner_schema !== null && raw.owner_table !== null && raw.owner_column !== null
        ? { schema: raw.owner_schema, table: raw.owner_table, column: raw.owner_column }
        : null,
    identity: raw.identity,
  }),
  sortKey: (sequence) => [sequence.schema, sequence.name],
};
