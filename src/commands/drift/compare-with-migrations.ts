import type { CatalogObjects, CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import type { Effect } from '../../catalog/effect.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import type { Stopwatch } from '../../core/timings.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { TargetInfo } from '../../db/describe-target.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import { appliedMigrations } from '../../migrations/applied-migrations.js';
import type { Migration, MigrationState } from '../../migrations/migration.js';
import { toolOwnedObjects } from '../../migrations/tool-owned-objects.js';
import type { CheckResult } from '../../report/check-result.js';
import { openCheckShadow } from '../check/open-check-shadow.js';

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
  /** Use the embedded shadow only when it is cached (status: cheap or nothing). */
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
 * The target's schema against the one its applied migrations produce: the migrations are replayed
 * on the shadow while the target is read, both without the migration tool's own tables.
 */
export async function compareWithMigrations(options: CompareWithMigrationsOptions): Promise<SchemaComparison> {
  const { project, stopwatch } = options;
  const time = <T>(phase: string, work: () => Promise<T>): Promise<T> => (stopwatch ? stopwatch.time(phase, work) : work());
  const applied = appliedMigrations(project.migrations, options.states);
  const scope = toolOwnedObjects(project.format.id, options.historySchema);
  const opening = time('shadow', () =>
    openCheckShadow({
      format: project.format.id,
      applied,
      pending: [],
      cacheDir: options.cacheDir ?? defaultCacheDir(project.layout.projectRoot),
      target: options.target,
      ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
      ...(options.onlyFromCache ? { onlyFromCache: true } : {}),
    }),
  );
  // Whichever fails first, the shadow is closed once it opened.
  opening.catch(() => undefined);
  let actual: CatalogSnapshot;
  try {
    actual = await time('catalog', () => withReadOnlyTransaction(options.client, (tx) => takeCatalogSnapshot(tx, scope)));
  } catch (error) {
    await opening.then((shadow) => shadow.close()).catch(() => undefined);
    throw error;
  }
  const shadow = await opening;
  let expected: CatalogSnapshot;
  try {
    expected = await time('catalog', () => takeCatalogSnapshot(shadow.client, scope));
  } finally {
    await shadow.close();
  }
  const comparable = comparableObjects(actual, expected, scope.excludeSchemas);
  return {
    actual: { ...actual, objects: comparable.actual },
    expected: { ...expected, objects: comparable.expected },
    effects: diffCatalogs(comparable.actual, comparable.expected),
    applied,
    shadow: shadow.info,
  };
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
