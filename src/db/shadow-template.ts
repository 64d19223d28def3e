import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { openPglite } from './pglite-client.js';
import { PGLITE_VERSION } from './pglite-version.js';
import { readShadowCacheEntry, writeShadowCacheEntryInfo } from './shadow-cache-entry.js';
import { discardShadowDir, publishShadowDir, type ShadowCacheLayout } from './shadow-cache-store.js';
import { makeShadowTempDir, removeShadowTempDir } from './shadow-temp-dirs.js';

const TEMPLATE_KEY = 'empty cluster (initdb)';

export interface ShadowTemplate {
  /** An entry folder (`data/` + `entry.json`) holding a freshly initdb'd, closed cluster. */
  readonly dir: string;
  /** Milliseconds spent in initdb; 0 when the template came from the cache. */
  readonly initdbMs: number;
  readonly notes: readonly string[];
}

/**
 * The empty cluster every cache miss starts from. initdb takes 2–3 s in PGlite and copying its result
 * ~40 ms, so it runs once per PGlite version; templates of other versions are removed.
 */
export async function shadowTemplate(layout: ShadowCacheLayout): Promise<ShadowTemplate> {
  const dir = path.join(layout.templates, `pglite-${PGLITE_VERSION}`);
  const notes: string[] = [];
  const check = await readShadowCacheEntry(dir, TEMPLATE_KEY);
  if (check.state === 'valid') return { dir, initdbMs: 0, notes };
  if (check.state === 'invalid') {
    await discardShadowDir(layout, dir);
    notes.push(`discarded a broken cached empty cluster (${check.problem}); running initdb again`);
  }
  const work = await makeShadowTempDir(layout.tmp, 'template');
  const start = performance.now();
  try {
    const client = await openPglite({ dataDir: path.join(work, 'data'), extensions: [] });
    await client.close();
    await writeShadowCacheEntryInfo(work, {
      key: TEMPLATE_KEY,
      buildId: randomBytes(8).toString('hex'),
      createdAt: new Date().toISOString(),
      extensions: [],
      buildMs: Math.round(performance.now() - start),
    });
  } catch (error) {
    await removeShadowTempDir(work);
    throw error;
  }
  const initdbMs = performance.now() - start;
  if ((await publishShadowDir(work, dir)) === 'failed') {
    throw new PgPreflightError('SHADOW_FAILED', `cannot store the empty cluster in ${layout.templates}`, {
      hint: 'set PGPREFLIGHT_CACHE_DIR to a writable folder',
    });
  }
  for (const name of await readdir(layout.templates)) {
    if (name !== path.basename(dir)) await discardShadowDir(layout, path.join(layout.templates, name));
  }
  return { dir, initdbMs, notes };
}

/** Throws the template away after a copy of it failed to open, so the next call runs initdb. */
export async function discardShadowTemplate(layout: ShadowCacheLayout, template: ShadowTemplate): Promise<void> {
  await discardShadowDir(layout, template.dir);
}
