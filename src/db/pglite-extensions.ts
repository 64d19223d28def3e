import type { Extension } from '@electric-sql/pglite';

// The contrib extensions PGlite ships. Each module only points at a bundle that PGlite loads on
// CREATE EXTENSION, so registering all of them costs an import, not a load.
const CONTRIB = [
  'amcheck', 'auto_explain', 'bloom', 'btree_gin', 'btree_gist', 'citext', 'cube', 'dict_int',
  'dict_xsyn', 'earthdistance', 'file_fdw', 'fuzzystrmatch', 'hstore', 'intarray', 'isn', 'lo',
  'ltree', 'moddatetime', 'pageinspect', 'pg_buffercache', 'pg_freespacemap', 'pg_stat_statements',
  'pg_surgery', 'pg_trgm', 'pg_visibility', 'pg_walinspect', 'pgcrypto', 'seg', 'tablefunc', 'tcn',
  'tsm_system_rows', 'tsm_system_time', 'unaccent', 'uuid_ossp',
] as const;

let loaded: Promise<Record<string, Extension>> | undefined;

export function pgliteExtensions(): Promise<Record<string, Extension>> {
  loaded ??= Promise.all(
    CONTRIB.map(async (name) => {
      const module = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, Extension>;
      return [name, module[name]!] as const;
    }),
  ).then((entries) => Object.fromEntries(entries));
  return loaded;
}

/** Names as CREATE EXTENSION spells them, for messages about what the embedded shadow supports. */
export const PGLITE_EXTENSION_NAMES: readonly string[] = CONTRIB.map((name) => (name === 'uuid_ossp' ? 'uuid-ossp' : name));
