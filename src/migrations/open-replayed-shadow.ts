import { openCachedShadow, type CachedShadow } from '../db/shadow-cache.js';
import { PGLITE_EXTENSION_NAMES } from '../db/pglite-extensions.js';
import type { Migration, MigrationFormatId } from './migration.js';
import { replayMigrations } from './replay-migrations.js';
import { replayedShadowKey } from './replayed-shadow-key.js';

export interface OpenReplayedShadowOptions {
  readonly format: MigrationFormatId;
  /** The migrations the shadow must hold, in order (usually the applied ones). */
  readonly migrations: readonly Migration[];
  readonly cacheDir: string;
  /** Migrations that will run on the shadow once it is open (check's pending ones): their extensions are registered too. */
  readonly thenApplies?: readonly Migration[];
  readonly onMigration?: (done: number, total: number, migration: Migration) => void;
  /** Only a cached shadow will do: fail (SHADOW_NOT_CACHED) rather than replay. */
  readonly onlyFromCache?: boolean;
}

const CREATE_EXTENSION = /create\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([\w-]+))/gi;

/**
 * The embedded shadow holding the schema these migrations produce. Cached on disk, keyed by the
 * format and the migrations' checksums in order: the second run with the same history starts from
 * the cache instead of replaying.
 */
export async function openReplayedShadow(options: OpenReplayedShadowOptions): Promise<CachedShadow> {
  return openCachedShadow({
    cacheDir: options.cacheDir,
    key: replayedShadowKey(options.format, options.migrations),
    // Registering only what the history creates keeps start-up short (~7 ms per extension bundle).
    extensions: extensionsCreatedBy([...options.migrations, ...(options.thenApplies ?? [])]),
    ...(options.onlyFromCache ? { onlyFromCache: true } : {}),
    build: (client) => replayMigrations(client, options.migrations, { where: 'the embedded shadow', onMigration: options.onMigration }),
  });
}

function extensionsCreatedBy(migrations: readonly Migration[]): readonly string[] {
  const names = new Set<string>();
  for (const migration of migrations) {
    for (const match of migration.sql.matchAll(CREATE_EXTENSION)) names.add((match[1] ?? match[2]!).toLowerCase());
  }
  return [...names].filter((name) => PGLITE_EXTENSION_NAMES.includes(name));
}
