import type { CatalogObjects, CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import type { Effect } from '../../catalog/effect.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { Stopwatch } from '../../core/timings.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { TargetInfo } from '../../db/describe-target.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import { isShadowCached } from '../../db/shadow-cache-store.js';
import { appliedMigrations } from '../../migrations/applied-migrations.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationState } from '../../migrations/migration.js';
import { replayedShadowKey } from '../../migrations/replayed-shadow-key.js';
import { toolOwnedObjects, type ToolOwnedObjects } from '../../migrations/tool-owned-objects.js';
import type { CheckResult } from '../../report/check-result.js';
import { ExpectedSnapshotCache } from './expected-snapshot-cache.js';

export interface CompareWithMigrationsOptions {
  readonly project: MigrationProject;
  /** The target, open; only read, in a read-only transaction. */
  readonly client: DatabaseClient;
  readonly target: TargetInfo;
  /** The target's history: the migrations it records as applied make the expected schema. */
  readonly states: readonly MigrationState[];
  /** Prisma's `?schema=`: where its history table lives. */
  readonly historySchema?: string;
  readonly shadowUrl?: string;
  readonly cacheDir?: string;
  readonly stopwatch?: Stopwatch;
  /** Only what is cached will do (status: cheap or nothing): SHADOW_NOT_CACHED rather than a replay. */
  readonly onlyFromCache?: boolean;
}

export interface SchemaComparison {
  /** The target's schema. */
  readonly actual: CatalogSnapshot;
  /** The schema the applied migrations produce, replayed on the shadow. */
  readonly expected: CatalogSnapshot;
  /** What takes the target to the expected schema (`diffCatalogs(actual, expected)`). */
  readonly effects: readonly Effect[];
  readonly applied: readonly Migration[];
  readonly shadow: CheckResult['shadow'];
}

/**
 * The target's schema against the one its applied migrations produce, both without the migration
 * tool's own tables. The expected schema is read from the cache when these migrations were
 * replayed before (no PGlite at all), else the migrations are replayed on the shadow while the
 * target is read.
 */
export async function compareWithMigrations(options: CompareWithMigrationsOptions): Promise<SchemaComparison> {
  const { stopwatch } = options;
  const time = <T>(phase: string, work: () => Promise<T>): Promise<T> => (stopwatch ? stopwatch.time(phase, work) : work());
  const applied = appliedMigrations(options.project.migrations, options.states);
  const scope = toolOwnedObjects(options.project.format.id, options.historySchema);
  const expecting = time('shadow', () => expectedSchema(options, applied, scope));
  // Whichever fails first, the other is still awaited, so a shadow is never left open.
  expecting.catch(() => undefined);
  // Nothing cached fails at once: the target is not read for nothing.
  if (options.onlyFromCache) await expecting;
  let actual: CatalogSnapshot;
  try {
    actual = await time('catalog', () => withReadOnlyTransaction(options.client, (tx) => takeCatalogSnapshot(tx, scope)));
  } catch (error) {
    await expecting.catch(() => undefined);
    throw error;
  }
  const expected = await expecting;
  const comparable = comparableObjects(actual, expected.snapshot, scope.excludeSchemas);
  return {
    actual: { ...actual, objects: comparable.actual },
    expected: { ...expected.snapshot, objects: comparable.expected },
    effects: diffCatalogs(comparable.actual, comparable.expected),
    applied,
    shadow: expected.shadow,
  };
}

async function expectedSchema(
  options: CompareWithMigrationsOptions,
  applied: readonly Migration[],
  scope: ToolOwnedObjects,
): Promise<{ snapshot: CatalogSnapshot; shadow: CheckResult['shadow'] }> {
  const { project } = options;
  const cacheDir = options.cacheDir ?? defaultCacheDir(project.layout.projectRoot);
  const replayKey = replayedShadowKey(project.format.id, applied);
  const snapshots = options.shadowUrl === undefined ? new ExpectedSnapshotCache(cacheDir, replayKey, scope) : undefined;
  const cached = snapshots?.read();
  if (cached) return { snapshot: cached, shadow: { kind: 'embedded', fromCache: true, replayed: applied.length, notes: [] } };
  if (options.onlyFromCache && !isShadowCached(cacheDir, replayKey)) {
    throw new PgPreflightError('SHADOW_NOT_CACHED', 'no cached shadow holds these migrations yet', {
      hint: 'a command that builds one (drift, check, rehearse) caches it for the next run',
    });
  }
  // Loaded only now: PGlite's start-up is what a cached snapshot spares.
  const { openCheckShadow } = await import('../check/open-check-shadow.js');
  const shadow = await openCheckShadow({
    format: project.format.id,
    applied,
    pending: [],
    cacheDir,
    target: options.target,
    ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
    ...(options.onlyFromCache ? { onlyFromCache: true } : {}),
  });
  try {
    const snapshot = await takeCatalogSnapshot(shadow.client, scope);
    snapshots?.write(snapshot);
    return { snapshot, shadow: shadow.info };
  } finally {
    await shadow.close();
  }
}

/**
 * What can be compared. Extensions in a left-out schema go with it. Each server ships its own
 * extension versions (PostgreSQL 15 has pgcrypto 1.3, PGlite 1.4): across major versions the
 * version is not drift, only whether the extension is there and where.
 */
function comparableObjects(
  actual: CatalogSnapshot,
  expected: CatalogSnapshot,
  excludedSchemas: readonly string[],
): { actual: CatalogObjects; expected: CatalogObjects } {
  const keep = (objects: CatalogObjects): CatalogObjects => ({
    ...objects,
    extensions: objects.extensions.filter((e) => !excludedSchemas.includes(e.schema)),
  });
  const sameMajor = Math.floor(actual.source.serverVersionNum / 10000) === Math.floor(expected.source.serverVersionNum / 10000);
  const target = keep(actual.objects);
  const migrations = keep(expected.objects);
  if (sameMajor) return { actual: target, expected: migrations };
  const versionOnTarget = new Map(target.extensions.map((e) => [e.name, e.version]));
  return {
    actual: target,
    expected: {
      ...migrations,
      extensions: migrations.extensions.map((e) => ({ ...e, version: versionOnTarget.get(e.name) ?? e.version })),
    },
  };
}
