import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MemfsFrontendFS } from '@electric-sql/pglite/memfs-frontend';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { copyDataDir } from './copy-data-dir.js';
import { readOnlyDataDir, writableDataDir } from './data-dir-storage.js';
import { openPglite, type PgliteClient } from './pglite-client.js';
import {
  entryDataDir,
  readShadowCacheBuildId,
  readShadowCacheEntry,
  shadowCacheEntryName,
  touchShadowCacheEntry,
  writeShadowCacheEntryInfo,
} from './shadow-cache-entry.js';
import {
  discardShadowDir,
  evictShadowEntries,
  prepareShadowCacheLayout,
  publishShadowDir,
  type ShadowCacheLayout,
} from './shadow-cache-store.js';
import { discardShadowTemplate, shadowTemplate } from './shadow-template.js';
import { makeShadowTempDir, removeShadowTempDir } from './shadow-temp-dirs.js';

// For the CLI's Ctrl-C handler: removes the folders of shadows being built right now.
export { removeShadowTempDirs } from './shadow-temp-dirs.js';

export interface OpenCachedShadowOptions {
  /** Usually `defaultCacheDir(projectRoot)`. */
  readonly cacheDir: string;
  /** What the shadow holds, computed by the caller (e.g. the checksums of the replayed migrations). */
  readonly key: string;
  /**
   * Fills a fresh, empty database on a cache miss (leave the client open). Its error aborts the
   * open and nothing is cached.
   */
  readonly build: (client: PgliteClient) => Promise<void>;
  /**
   * Extensions (CREATE EXTENSION names) the work on the shadow may create; all PGlite ships when
   * omitted. Registering all costs ~250 ms per open. Those installed in a cached entry are always added.
   */
  readonly extensions?: readonly string[];
  /** How many entries to keep, most recently used first (default 5; each is a 40+ MB cluster). */
  readonly maxEntries?: number;
  /** Open a cached entry or fail (SHADOW_NOT_CACHED): never build, for callers that must stay cheap. */
  readonly onlyFromCache?: boolean;
}

/** Wall milliseconds spent getting the shadow ready; 0 for a step that did not run. */
export interface ShadowTimings {
  /** Creating the cached empty cluster (first run per PGlite version only). */
  readonly initdb: number;
  /** Copying the empty cluster for a build. */
  readonly copy: number;
  /** The caller's `build`, and writing its result to disk. */
  readonly build: number;
  /** Loading the cached database into memory and starting PostgreSQL on it. */
  readonly open: number;
}

export interface CachedShadow {
  /**
   * The cached database, running in memory: work on it never reaches the cache, and nothing is left
   * on disk, whether it is closed or the process dies.
   */
  readonly client: PgliteClient;
  readonly fromCache: boolean;
  /** What the user may want to know: a broken entry rebuilt, a result that could not be cached. */
  readonly notes: readonly string[];
  readonly timings: ShadowTimings;
}

const DEFAULT_MAX_ENTRIES = 5;
// Loading is retried when the entry was replaced meanwhile (see openSnapshot).
const LOAD_ATTEMPTS = 3;

interface Progress {
  readonly notes: string[];
  readonly timings: { initdb: number; copy: number; build: number; open: number };
}

/**
 * A ready embedded shadow for `key`. On a hit, the cached data directory is loaded into an in-memory
 * PGlite (~0.3 s plus extension start-up). On a miss, `build` fills a copy of the cached empty
 * cluster (initdb runs once per PGlite version), the result is closed, checked to reopen, and
 * published by an atomic rename: two processes building the same key both succeed and one entry
 * remains. An entry that fails to open is discarded and rebuilt, never trusted.
 */
export async function openCachedShadow(options: OpenCachedShadowOptions): Promise<CachedShadow> {
  if (!options.key) throw new PgPreflightError('INTERNAL', 'openCachedShadow needs a non-empty cache key');
  const layout = await prepareShadowCacheLayout(options.cacheDir);
  const progress: Progress = { notes: [], timings: { initdb: 0, copy: 0, build: 0, open: 0 } };
  const entryDir = path.join(layout.entries, shadowCacheEntryName(options.key));
  const result = (client: PgliteClient, fromCache: boolean): CachedShadow => ({
    client,
    fromCache,
    notes: progress.notes,
    timings: { ...progress.timings },
  });

  const cached = await openEntry(layout, entryDir, options, progress);
  if (cached) return result(cached, true);
  if (options.onlyFromCache) {
    throw new PgPreflightError('SHADOW_NOT_CACHED', 'no cached shadow holds these migrations yet', {
      hint: 'a command that builds one (drift, check, rehearse) caches it for the next run',
    });
  }

  const built = await buildEntry(layout, options, progress);
  let client: PgliteClient;
  try {
    // Reopened before publishing: a cluster that cannot be opened again never reaches the cache.
    // It runs in memory, so the folder can be renamed under it.
    client = await openSnapshot(built.dir, registered(options.extensions, built.extensions), progress);
  } catch (error) {
    await removeShadowTempDir(built.dir);
    throw error;
  }
  const outcome = await publishShadowDir(built.dir, entryDir);
  if (outcome === 'failed') progress.notes.push(`could not store the shadow in the cache at ${options.cacheDir}; the next run rebuilds it`);
  await evictShadowEntries(layout, options.maxEntries ?? DEFAULT_MAX_ENTRIES, entryDir);
  return result(client, false);
}

/** The cached entry, opened in memory; undefined when there is none or it was broken. */
async function openEntry(
  layout: ShadowCacheLayout,
  entryDir: string,
  options: OpenCachedShadowOptions,
  progress: Progress,
): Promise<PgliteClient | undefined> {
  for (let attempt = 0; attempt < LOAD_ATTEMPTS; attempt++) {
    const check = await readShadowCacheEntry(entryDir, options.key);
    if (check.state === 'absent') return undefined;
    if (check.state === 'invalid') {
      await discardShadowDir(layout, entryDir);
      progress.notes.push(`discarded a broken cached shadow (${check.problem}); rebuilding it`);
      return undefined;
    }
    await touchShadowCacheEntry(entryDir);
    try {
      return await openSnapshot(entryDir, registered(options.extensions, check.info.extensions), progress, check.info.buildId);
    } catch (error) {
      if (error instanceof EntryChanged) continue;
      await discardShadowDir(layout, entryDir);
      progress.notes.push(`discarded a cached shadow that failed to open (${firstLine(error)}); rebuilding it`);
      return undefined;
    }
  }
  throw new PgPreflightError('SHADOW_FAILED', 'the cached shadow kept changing while it was being loaded', {
    hint: 'another pgpreflight process is rebuilding the cache; run the command again',
  });
}

/** The entry was evicted or replaced while it was loaded: what was read may mix two builds. */
class EntryChanged extends Error {}

/**
 * Opens an entry folder in memory: its files are read, never written (see readOnlyDataDir), so no
 * private copy is needed. With `buildId`, the entry is checked again after loading: entries are only
 * ever renamed in or out whole, so an unchanged buildId proves every file came from one build.
 */
async function openSnapshot(
  entryDir: string,
  extensions: readonly string[] | undefined,
  progress: Progress,
  buildId?: string,
): Promise<PgliteClient> {
  const start = performance.now();
  const storage = readOnlyDataDir(entryDataDir(entryDir));
  let client: PgliteClient | undefined;
  try {
    client = await openPglite({ filesystem: new MemfsFrontendFS(storage), ...(extensions ? { extensions } : {}) });
    await client.query('SELECT 1');
  } catch (error) {
    await client?.close().catch(() => undefined);
    if (buildId !== undefined && (storage.loadError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new EntryChanged();
    throw error;
  }
  if (buildId !== undefined && (await readShadowCacheBuildId(entryDir)) !== buildId) {
    await client.close();
    throw new EntryChanged();
  }
  progress.timings.open += performance.now() - start;
  return client;
}

interface Built {
  /** A temporary entry folder: the closed cluster in `data/` and its `entry.json`. */
  readonly dir: string;
  readonly extensions: readonly string[];
}

async function buildEntry(layout: ShadowCacheLayout, options: OpenCachedShadowOptions, progress: Progress): Promise<Built> {
  for (let attempt = 0; ; attempt++) {
    const template = await shadowTemplate(layout);
    progress.notes.push(...template.notes);
    progress.timings.initdb += template.initdbMs;
    const dir = await makeShadowTempDir(layout.tmp, 'build');
    // The build runs in memory; its changes are written back into the copy as it goes.
    const storage = writableDataDir(entryDataDir(dir));
    let client: PgliteClient;
    try {
      const copyStart = performance.now();
      await copyDataDir(entryDataDir(template.dir), entryDataDir(dir));
      progress.timings.copy += performance.now() - copyStart;
      client = await openPglite({
        filesystem: new MemfsFrontendFS(storage),
        ...(options.extensions ? { extensions: options.extensions } : {}),
      });
    } catch (error) {
      await removeShadowTempDir(dir);
      // A cached empty cluster that does not open is thrown away and made again, once.
      if (attempt > 0 || !(error instanceof PgPreflightError)) throw error;
      await discardShadowTemplate(layout, template);
      progress.notes.push(`discarded a cached empty cluster that failed to open (${firstLine(error)}); running initdb again`);
      continue;
    }
    const buildStart = performance.now();
    try {
      await options.build(client);
      const { rows } = await client.query<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`);
      await client.close();
      if (storage.writeError !== undefined) throw storage.writeError;
      progress.timings.build += performance.now() - buildStart;
      const extensions = rows.map((row) => row.extname);
      await writeShadowCacheEntryInfo(dir, {
        key: options.key,
        buildId: randomBytes(8).toString('hex'),
        createdAt: new Date().toISOString(),
        extensions,
        buildMs: Math.round(performance.now() - buildStart),
      });
      return { dir, extensions };
    } catch (error) {
      await client.close().catch(() => undefined);
      await removeShadowTempDir(dir);
      throw error;
    }
  }
}

/** All bundles when the caller did not narrow them; else theirs plus what the cluster already uses. */
function registered(requested: readonly string[] | undefined, installed: readonly string[]): readonly string[] | undefined {
  return requested === undefined ? undefined : [...new Set([...requested, ...installed])];
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
