import type { DatabaseClient } from '../../db/database-client.js';

/** A column of a shadow table, in the table's column order. */
export interface ShadowColumn {
  readonly name: string;
  /** Generated columns are computed on insert, never copied. */
  readonly generated: boolean;
  readonly notNull: boolean;
  /** `pg_type.typname` of the column's type, or of a domain's base type. */
  readonly baseType: string;
  /** `pg_type.typcategory` of that type (S string, N numeric, D date/time, …). */
  readonly category: string;
}

export interface ShadowTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ShadowColumn[];
}

/**
 * The tables rows can be copied into: ordinary and partitioned tables (a partition is filled
 * through its parent), in user schemas, not created by an extension, with their columns in order.
 */
export async function readShadowTables(client: DatabaseClient): Promise<ShadowTable[]> {
  const { rows } = await client.query<{ schema: string; name: string; columns: ShadowColumn[] }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            COALESCE(json_agg(json_build_object('name', a.attname, 'generated', a.attgenerated <> '', 'notNull', a.attnotnull,
                                                'baseType', bt.typname, 'category', bt.typcategory::text) ORDER BY a.attnum)
                       FILTER (WHERE a.attnum IS NOT NULL), '[]') AS columns
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('information_schema', 'pgpreflight') AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')
      GROUP BY n.nspname, c.relname
      ORDER BY n.nspname, c.relname`,
  );
  return rows.map((row) => ({ schema: row.schema, name: row.name, columns: row.columns }));
}
