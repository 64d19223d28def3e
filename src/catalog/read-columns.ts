import type { CatalogQuery } from './catalog-query.js';
import { qualifiedCatalogName } from './qualified-catalog-name.js';
import type { CatalogColumn } from './catalog-snapshot.js';
import type { RawColumnName } from './relation-lookup.js';

export interface RawColumn extends RawColumnName {
  readonly type: string;
  readonly not_null: boolean;
  readonly not_null_not_valid: boolean;
  /** The DEFAULT, or the generation expression of a generated column. */
  readonly expression: string | null;
  readonly identity: string;
  readonly generated: string;
  readonly collation: string | null;
}

// PostgreSQL 18 sets attnotnull for a NOT NULL added NOT VALID too; its constraint row tells.
const NOT_NULL_NOT_VALID = `CASE WHEN a.attnotnull THEN EXISTS (SELECT FROM pg_catalog.pg_constraint nn
    WHERE nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum AND NOT nn.convalidated) ELSE false END`;

/**
 * Columns of every relation in scope. The default and the collation are looked up only for the
 * columns that have one (atthasdef; a collation other than 0 and the database default, 100): a
 * join per column costs more than the rare lookup. A DEFAULT cannot refer to a column, so it is
 * deparsed without the table (relid 0), which spares opening the table once per default; a
 * generation expression can, and gets its table. A collation is spelled as SQL names it, quoted
 * when needed and schema-qualified outside pg_catalog, and only when it is not the type's own.
 */
export const readColumns: CatalogQuery<RawColumn, CatalogColumn> = {
  key: 'columns',
  fields: {
    relid: true,
    attnum: true,
    column_name: true,
    type: true,
    not_null: true,
    not_null_not_valid: true,
    expression: true,
    identity: true,
    generated: true,
    collation: true,
  },
  sql: (serverVersionNum) => `
SELECT r.oid AS relid, a.attnum::int AS attnum, a.attname AS column_name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
  a.attnotnull AS not_null,
  ${serverVersionNum >= 180000 ? NOT_NULL_NOT_VALID : 'false'} AS not_null_not_valid,
  CASE WHEN a.atthasdef THEN
    (SELECT pg_catalog.pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END)
       FROM pg_catalog.pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum)
  END AS expression,
  a.attidentity::text AS identity, a.attgenerated::text AS generated,
  CASE WHEN a.attcollation NOT IN (0, 100) THEN
    (SELECT ${qualifiedCatalogName('cn.nspname', 'co.collname')}
       FROM pg_catalog.pg_collation co
       JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      WHERE co.oid = a.attcollation AND t.typcollation <> a.attcollation)
  END AS collation
FROM scope_relation r
JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f')`,
  toItem: (raw, { relation, columnPosition }) => {
    const generated = raw.generated === 's' ? 'stored' : raw.generated === 'v' ? 'virtual' : null;
    const table = relation(raw.relid);
    return {
      schema: table.schema,
      table: table.name,
      name: raw.column_name,
      position: columnPosition(raw.relid, raw.attnum),
      type: raw.type,
      notNull: raw.not_null,
      notNullValidated: !raw.not_null_not_valid,
      default: generated ? null : raw.expression,
      identity: raw.identity === 'a' ? 'always' : raw.identity === 'd' ? 'by-default' : null,
      generated: generated && raw.expression !== null ? { kind: generated, expression: raw.expression } : null,
      collation: raw.collation,
    };
  },
  sortKey: (column) => [column.schema, column.table, String(column.position).padStart(5, '0')],
};
