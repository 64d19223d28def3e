import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { codeFingerprint } from '../../core/code-fingerprint.js';
import { PGLITE_VERSION } from '../../db/pglite-version.js';
import type { Migration, MigrationFormatId } from '../../migrations/migration.js';
import { sha256Hex } from '../../migrations/sha256-hex.js';

export interface ExpectedCatalogOptions {
  readonly format: MigrationFormatId;
  /** The migrations the target's history says are applied, in order. */
  readonly migrations: readonly Migration[];
  readonly cacheDir: string;
  readonly onMigration?: (done: number, total: number) => void;
}

export interface ExpectedCatalog {
  /** The schema those migrations produce, read from the embedded shadow. */
  readonly objects: CatalogObjects;
  /** `catalog`: the snapshot itself was cached; `shadow`: the shadow was (replayed otherwise). */
  readonly fromCache: 'catalog' | 'shadow' | false;
  readonly notes: readonly string[];
}

// Each file is the catalog of one migration history (tens of KB); the most recently used are kept.
const KEEP = 20;

/**
 * The schema the applied migrations produce. The shadow that holds it is cached already, but opening
 * one costs PGlite's start-up (~0.6 s) — more than the rest of a verify run; so the catalog read
 * from it is cached too, as JSON keyed like the shadow (format, migrations and checksums, PGlite
 * version) and by the code that reads catalogs and replays migrations. A broken or missing file
 * only costs the shadow open.
 */
export async function expectedCatalog(options: ExpectedCatalogOptions): Promise<ExpectedCatalog> {
  const key = sha256Hex(
    [
      `format:${options.format}`,
      `pglite:${PGLITE_VERSION}`,
      `code:${codeFingerprint(['catalog', 'migrations'])}`,
      ...options.migrations.map((m) => `${m.historyKey}:${m.checksum}`),
    ].join('\n'),
  );
  const dir = path.join(options.cacheDir, 'catalogs');
  const file = path.join(dir, `${key}.json`);
  const cached = await readCached(file);
  if (cached) {
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return { objects: cached, fromCache: 'catalog', notes: [] };
  }
  // PGlite loads only on a miss: a warm run never pays for its module.
  const { openReplayedShadow } = await import('../../migrations/open-replayed-shadow.js');
  const shadow = await openReplayedShadow({
    format: options.format,
    migrations: options.migrations,
    cacheDir: options.cacheDir,
    ...(options.onMigration ? { onMigration: options.onMigration } : {}),
  });
  let objects: CatalogObjects;
  try {
    objects = (await takeCatalogSnapshot(shadow.client)).objects;
  } finally {
    await shadow.client.close();
  }
  await store(dir, file, objects);
  return { objects, fromCache: shadow.fromCache ? 'shadow' : false, notes: shadow.notes };
}

async function readCached(file: string): Promise<CatalogObjects | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { objects?: CatalogObjects };
    const objects = parsed.objects;
    return objects && Array.isArray(objects.constraints) && Array.isArray(objects.indexes) && Array.isArray(objects.tables)
      ? objects
      : undefined;
  } catch {
    return undefined;
  }
}

async function store(dir: string, file: string, objects: CatalogObjects): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ objects }));
    await rename(temp, file);
    const entries = await Promise.all(
      (await readdir(dir))
        .filter((name) => /^[0-9a-f]{64}\.json$/.test(name))
        .map(async (name) => ({ name, used: (await stat(path.join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    entries.sort((a, b) => b.used - a.used);
    for (const old of entries.slice(KEEP)) await rm(path.join(dir, old.name), { force: true });
  } catch {
    // A cache that cannot be written only costs the next run the shadow open.
  }
}
