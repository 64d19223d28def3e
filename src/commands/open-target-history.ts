import type { Stopwatch } from '../core/timings.js';
import { connectTarget } from '../db/connect-target.js';
import type { DatabaseClient } from '../db/database-client.js';
import type { TargetInfo } from '../db/describe-target.js';
import { parseTargetUrl } from '../db/target-url.js';
import { loadMigrationProject, type MigrationProject } from '../migrations/load-migration-project.js';
import type { HistoryReading, MigrationFormatId, MigrationState } from '../migrations/migration.js';
import { readMigrationStates } from '../migrations/read-migration-states.js';

export interface OpenTargetHistoryOptions {
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  readonly url: string;
  readonly environment?: string;
}

export interface TargetHistory {
  readonly project: MigrationProject;
  /** The target, open: the caller closes it. */
  readonly client: DatabaseClient;
  readonly info: TargetInfo;
  readonly history: HistoryReading;
  readonly states: readonly MigrationState[];
  /** Prisma's `?schema=`: where its history table lives. */
  readonly historySchema?: string;
}

/** The project's migrations, the target connected, and its history read (read-only): how `status` and `drift` begin. */
export async function openTargetHistory(options: OpenTargetHistoryOptions, stopwatch: Stopwatch): Promise<TargetHistory> {
  const spec = parseTargetUrl(options.url);
  const project = await stopwatch.time('migrations', () =>
    loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel }),
  );
  const { client, info } = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
  try {
    const { history, states } = await stopwatch.time('history', () => readMigrationStates(client, project, spec));
    return { project, client, info, history, states, ...(spec.kind === 'postgres' && spec.schema ? { historySchema: spec.schema } : {}) };
  } catch (error) {
    await client.close();
    throw error;
  }
}
