import type { DatabaseClient } from '../db/database-client.js';
import { withReadOnlyTransaction } from '../db/read-only.js';
import type { TargetSpec } from '../db/target-url.js';
import { classifyMigrations } from './classify-migrations.js';
import type { MigrationProject } from './load-migration-project.js';
import type { HistoryReading, MigrationState } from './migration.js';

export interface MigrationStates {
  readonly history: HistoryReading;
  readonly states: readonly MigrationState[];
}

/**
 * The target's history, read in a read-only transaction, joined with the files: each migration's
 * status as its tool judges it. Shared by `status`, `check` and every command that needs to know
 * what is pending.
 */
export async function readMigrationStates(client: DatabaseClient, project: MigrationProject, spec: TargetSpec): Promise<MigrationStates> {
  const history = await withReadOnlyTransaction(client, (tx) =>
    project.format.readHistory(tx, spec.kind === 'postgres' && spec.schema ? { schema: spec.schema } : {}),
  );
  return { history, states: classifyMigrations(project.migrations, history.entries, project.format) };
}
