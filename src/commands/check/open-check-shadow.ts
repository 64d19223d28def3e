import type { DatabaseClient } from '../../db/database-client.js';
import type { TargetInfo } from '../../db/describe-target.js';
import { openServerShadow } from '../../db/server-shadow.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationFormatId } from '../../migrations/migration.js';
import { openReplayedShadow } from '../../migrations/open-replayed-shadow.js';
import { replayMigrations } from '../../migrations/replay-migrations.js';
import type { CheckResult } from '../../report/check-result.js';
import type { PendingSelection } from './select-pending.js';

export interface CheckShadow {
  readonly client: DatabaseClient;
  readonly info: CheckResult['shadow'];
  /** A second connection to the same database (a server shadow only: PGlite has one connection). */
  readonly connect?: () => Promise<DatabaseClient>;
  /** Closes it; a server shadow's scratch database is dropped. */
  close(): Promise<void>;
}

export interface OpenCheckShadowOptions {
  readonly format: MigrationFormatId;
  readonly applied: readonly Migration[];
  readonly pending: readonly Migration[];
  readonly cacheDir: string;
  /** A PostgreSQL server to create a scratch database on, instead of the embedded shadow. */
  readonly shadowUrl?: string;
  readonly target?: TargetInfo;
  readonly onMigration?: (done: number, total: number) => void;
  /** The embedded shadow only if it is cached (SHADOW_NOT_CACHED otherwise). */
  readonly onlyFromCache?: boolean;
}

/** The shadow of a project for a selection of pending migrations, as `check` and `rehearse` open it. */
export function shadowOptionsFor(
  project: MigrationProject,
  selection: PendingSelection,
  options: { readonly cacheDir?: string; readonly shadowUrl?: string; readonly target?: TargetInfo },
): OpenCheckShadowOptions {
  return {
    format: project.format.id,
    applied: selection.applied,
    pending: selection.pending,
    cacheDir: options.cacheDir ?? defaultCacheDir(project.layout.projectRoot),
    ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
    ...(options.target ? { target: options.target } : {}),
  };
}

/**
 * The database the pending migrations are applied to, holding the applied ones: the cached
 * embedded shadow by default, or a scratch database on a real server (`--shadow-url`) for what
 * PGlite lacks. A replay error (MigrationReplayError) is the caller's to report.
 */
export async function openCheckShadow(options: OpenCheckShadowOptions): Promise<CheckShadow> {
  if (options.shadowUrl === undefined) {
    const shadow = await openReplayedShadow({
      format: options.format,
      migrations: options.applied,
      thenApplies: options.pending,
      cacheDir: options.cacheDir,
      ...(options.onMigration ? { onMigration: options.onMigration } : {}),
      ...(options.onlyFromCache ? { onlyFromCache: true } : {}),
    });
    return {
      client: shadow.client,
      info: { kind: 'embedded', fromCache: shadow.fromCache, replayed: options.applied.length, notes: shadow.notes },
      close: () => shadow.client.close(),
    };
  }
  const server = await openServerShadow(options.shadowUrl, options.target);
  try {
    await replayMigrations(server.client, options.applied, {
      where: `the server shadow (${server.database})`,
      ...(options.onMigration ? { onMigration: options.onMigration } : {}),
    });
  } catch (error) {
    await server.drop();
    throw error;
  }
  return {
    client: server.client,
    info: {
      kind: 'server',
      fromCache: false,
      replayed: options.applied.length,
      notes: [],
      database: server.database,
      host: server.info.host,
    },
    connect: () => server.connect(),
    close: () => server.drop(),
  };
}
