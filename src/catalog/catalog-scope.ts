import type { QualifiedName } from './catalog-snapshot.js';
import { OUTPUT_SETTINGS_CTE } from './pin-output-settings.js';

export interface CatalogScopeOptions {
  /** Read only these schemas; all user schemas when omitted or empty. */
  readonly schemas?: readonly string[];
  /**
   * Tables to leave out with their columns, constraints, indexes, triggers, policies and owned
   * sequences: migration history tables such as public._prisma_migrations, which differ between a
   * target and its shadow by design.
   */
  readonly excludeTables?: readonly QualifiedName[];
  /** Schemas to leave out whole: those a platform manages (Supabase's auth, storage…) or a history schema. */
  readonly excludeSchemas?: readonly string[];
}

/** The statement parameters the scope CTEs read: $1 schemas, $2/$3 excluded tables (pairwise), $4 excluded schemas. */
export function scopeParameters(options: CatalogScopeOptions): readonly unknown[] {
  const excluded = options.excludeTables ?? [];
  return [
    [...(options.schemas ?? [])],
    excluded.map((table) => table.schema),
    excluded.map((table) => table.name),
    [...(options.excludeSchemas ?? [])],
  ];
}

/** True when the object (`objid` of catalog `catalog`) was created by an extension script. */
export function notExtensionMember(catalog: 'pg_namespace' | 'pg_class' | 'pg_proc' | 'pg_type', objid: string): string {
  return `NOT EXISTS (SELECT FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND dep.objid = ${objid} AND dep.deptype = 'e')`;
}

/**
 * The schemas and relations a snapshot covers, as CTEs every area joins to, so the exclusions live
 * in one place. Excluded: system schemas (PostgreSQL reserves the `pg_` prefix: pg_catalog,
 * pg_toast, pg_temp_N, pg_toast_temp_N), information_schema, our own `pgpreflight` schema, and
 * anything an extension created (pg_depend deptype 'e'): those come and go with the extension,
 * which is listed by name and version instead. scope_namespace joins output_settings so that the
 * settings are pinned before any area reads the catalog (pin-output-settings.ts).
 * MATERIALIZED: each is read by several areas;
 * scope_relation carries the pg_class columns the areas need, so they do not join pg_class again.
 */
export const SCOPE_CTES = `${OUTPUT_SETTINGS_CTE},
scope_namespace AS MATERIALIZED (
  SELECT n.oid, n.nspname
  FROM pg_catalog.pg_namespace n
  CROSS JOIN output_settings
  WHERE n.nspname NOT LIKE 'pg\\_%'
    AND n.nspname NOT IN ('information_schema', 'pgpreflight')
    AND (pg_catalog.cardinality($1::text[]) = 0 OR n.nspname = ANY ($1::text[]))
    AND n.nspname <> ALL ($4::text[])
    AND ${notExtensionMember('pg_namespace', 'n.oid')}
),
scope_relation AS MATERIALIZED (
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity,
    c.reloptions, c.relispartition, c.reltuples, c.relpages, c.reltoastrelid
  FROM pg_catalog.pg_class c
  JOIN scope_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    AND ${notExtensionMember('pg_class', 'c.oid')}
    AND (n.nspname, c.relname) NOT IN (SELECT x.s, x.r FROM ROWS FROM (pg_catalog.unnest($2::text[]), pg_catalog.unnest($3::text[])) AS x(s, r))
)`;
