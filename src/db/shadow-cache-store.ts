import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { hasShadowCacheEntry, lastUsedMs, shadowCacheEntryName } from './shadow-cache-entry.js';
import { makeShadowTempDir, releaseShadowTempDir, removeShadowTempDir, sweepStaleShadowTempDirs } from './shadow-temp-dirs.js';

/**
 * The folders of the shadow cache. Everything is written under `tmp` first and renamed into
 * `entries` or `templates` when complete; all three share a file system, so the rename is atomic.
 */
export interface ShadowCacheLayout {
  readonly entries: string;
  readonly templates: string;
  readonly tmp: string;
}

export async function prepareShadowCacheLayout(cacheDir: string): Promise<ShadowCacheLayout> {
  const layout = shadowCacheLayout(cacheDir);
  try {
    await mkdir(layout.tmp, { recursive: true });
    await mkdir(layout.entries, { recursive: true });
    await mkdir(layout.templates, { recursive: true });
  } catch (error) {
    throw new PgPreflightError('SHADOW_FAILED', `cannot use the shadow cache at ${cacheDir}: ${(error as Error).message}`, {
      hint: 'set PGPREFLIGHT_CACHE_DIR to a writable folder',
      cause: error,
    });
  }
  await sweepStaleShadowTempDirs(layout.tmp);
  return layout;
}

function shadowCacheLayout(cacheDir: string): ShadowCacheLayout {
  const root = path.join(path.resolve(cacheDir), 'shadow');
  return { entries: path.join(root, 'entries'), templates: path.join(root, 'templates'), tmp: path.join(root, 'tmp') };
}

/**
 * Whether an entry for `key` is in the cache, by a look at its folder only, without loading PGlite
 * or creating anything: a caller that must stay cheap asks this before paying for the shadow (and
 * still handles a miss when it opens it).
 */
export function isShadowCached(cacheDir: string, key: string): boolean {
  return hasShadowCacheEntry(path.join(shadowCacheLayout(cacheDir).entries, shadowCacheEntryName(key)));
}

export type PublishOutcome = 'published' | 'kept-theirs' | 'failed';

/**
 * Renames a finished folder into place. When the place is taken, another process finished the same
 * work first: theirs is kept (rename never replaces a non-empty folder) and ours is dropped. Any
 * other failure only means nothing is cached this time; the caller already has a working shadow.
 */
export async function publishShadowDir(finishedDir: string, finalDir: string): Promise<PublishOutcome> {
  try {
    await rename(finishedDir, finalDir);
    releaseShadowTempDir(finishedDir);
    return 'published';
  } catch (error) {
    await removeShadowTempDir(finishedDir);
    const code = (error as NodeJS.ErrnoException).code;
    // EPERM is what Windows says for a rename onto an existing folder.
    return code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM' ? 'kept-theirs' : 'failed';
  }
}

/**
 * Removes a cache folder without ever leaving it half-deleted under its own name: it is renamed
 * into `tmp` first, so a process copying it sees it whole or not at all.
 */
export async function discardShadowDir(layout: ShadowCacheLayout, dir: string): Promise<void> {
  const trash = await makeShadowTempDir(layout.tmp, 'trash', false);
  try {
    await rename(dir, trash);
  } catch (error) {
    releaseShadowTempDir(trash);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    return;
  }
  await removeShadowTempDir(trash);
}

/** Keeps the `maxEntries` most recently used entries (always including `keep`); discards the rest. */
export async function evictShadowEntries(layout: ShadowCacheLayout, maxEntries: number, keep: string): Promise<number> {
  const names = await readdir(layout.entries).catch(() => [] as string[]);
  if (names.length <= maxEntries) return 0;
  const entries = await Promise.all(
    names.map(async (name) => {
      const dir = path.join(layout.entries, name);
      return { dir, used: dir === keep ? Number.POSITIVE_INFINITY : await lastUsedMs(dir) };
    }),
  );
  entries.sort((a, b) => b.used - a.used);
  const evicted = entries.slice(Math.max(1, maxEntries));
  for (const { dir } of evicted) await discardShadowDir(layout, dir);
  return evicted.length;
}
