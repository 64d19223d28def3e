import type { Extension } from '@electric-sql/pglite';

/**
 * The contrib bundles PGlite ships, keyed by the export name of their `@electric-sql/pglite/contrib/*`
 * module, with the names CREATE EXTENSION accepts once the bundle is registered. PGlite unpacks and
 * compiles every registered bundle when an instance starts (~7 ms each, ~250 ms for all of them), so
 * a caller that knows which extensions it needs registers only those.
 */
const BUNDLES: Readonly<Record<string, readonly string[]>> = {
  amcheck: ['amcheck'],
  // A module for LOAD / session_preload_libraries, not something CREATE EXTENSION knows.
  auto_explain: [],
  bloom: ['bloom'],
  btree_gin: ['btree_gin'],
  btree_gist: ['btree_gist'],
  citext: ['citext'],
  cube: ['cube'],
  dict_int: ['dict_int'],
  dict_xsyn: ['dict_xsyn'],
  earthdistance: ['earthdistance'],
  file_fdw: ['file_fdw'],
  fuzzystrmatch: ['fuzzystrmatch'],
  hstore: ['hstore'],
  intarray: ['intarray'],
  isn: ['isn'],
  lo: ['lo'],
  ltree: ['ltree'],
  // PGlite's moddatetime module points at the whole contrib/spi bundle.
  moddatetime: ['moddatetime', 'autoinc', 'insert_username', 'refint'],
  pageinspect: ['pageinspect'],
  pg_buffercache: ['pg_buffercache'],
  pg_freespacemap: ['pg_freespacemap'],
  pg_stat_statements: ['pg_stat_statements'],
  pg_surgery: ['pg_surgery'],
  pg_trgm: ['pg_trgm'],
  pg_visibility: ['pg_visibility'],
  pg_walinspect: ['pg_walinspect'],
  pgcrypto: ['pgcrypto'],
  seg: ['seg'],
  tablefunc: ['tablefunc'],
  tcn: ['tcn'],
  tsm_system_rows: ['tsm_system_rows'],
  tsm_system_time: ['tsm_system_time'],
  unaccent: ['unaccent'],
  uuid_ossp: ['uuid-ossp'],
};

// The `requires` of each control file, so CREATE EXTENSION … CASCADE finds what it needs.
const REQUIRES: Readonly<Record<string, readonly string[]>> = { earthdistance: ['cube'] };

const bundleOf = new Map<string, string>(
  Object.entries(BUNDLES).flatMap(([bundle, names]) => names.map((name) => [name, bundle] as const)),
);

/** Names as CREATE EXTENSION spells them, for messages about what the embedded shadow supports. */
export const PGLITE_EXTENSION_NAMES: readonly string[] = [...bundleOf.keys()].sort();

const modules = new Map<string, Promise<Extension>>();

function loadBundle(bundle: string): Promise<Extension> {
  let module = modules.get(bundle);
  if (!module) {
    module = import(`@electric-sql/pglite/contrib/${bundle}`).then((exports: Record<string, Extension>) =>
      withoutPreload(exports[bundle]!),
    );
    modules.set(bundle, module);
  }
  return module;
}

/**
 * pg_stat_statements asks to be preloaded, and PGlite then replaces the data directory's whole
 * postgresql.conf with one `shared_preload_libraries` line: a write to a `pglite:` target, and a
 * cluster that no longer starts unless that bundle is registered again. CREATE EXTENSION does not
 * need the preload (only reading the statistics view does), so it is dropped.
 */
function withoutPreload(extension: Extension): Extension {
  return {
    name: extension.name,
    async setup(pg, emscriptenOpts, clientOnly) {
      const { sharedPreloadLibraries: _preload, ...rest } = await extension.setup(pg, emscriptenOpts, clientOnly);
      return rest;
    },
  };
}

/**
 * The PGlite `extensions` option. Without `names`, every bundle (what a shadow needs when the SQL it
 * will run is unknown). With `names` (CREATE EXTENSION spellings), only their bundles and the bundles
 * they require; a name PGlite does not ship is left out, so CREATE EXTENSION reports it as
 * PostgreSQL would ("extension … is not available").
 */
export async function pgliteExtensions(names?: readonly string[]): Promise<Record<string, Extension>> {
  const bundles = names === undefined ? Object.keys(BUNDLES) : [...pgliteBundlesFor(names)].sort();
  const entries = await Promise.all(bundles.map(async (bundle) => [bundle, await loadBundle(bundle)] as const));
  return Object.fromEntries(entries);
}

/** The bundle names (module export names) that make `names` creatable, dependencies included. */
export function pgliteBundlesFor(names: readonly string[]): ReadonlySet<string> {
  const bundles = new Set<string>();
  const pending = [...names];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const bundle = bundleOf.get(name);
    if (bundle) bundles.add(bundle);
    pending.push(...(REQUIRES[name] ?? []));
  }
  return bundles;
}
