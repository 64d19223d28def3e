import type { CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import type { MigrationApplyError } from '../../migrations/apply/migration-apply-error.js';
import type { Migration } from '../../migrations/migration.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import { addStep, type DeployRecord } from './deploy-record.js';
import { rollBackOnTarget } from './roll-back-on-target.js';
import type { RunDeployContext } from './run-deploy.js';
import type { TargetSession } from './target-session.js';

// Deploy's automatic rollback: a migration that failed half-way, or every migration of a deploy
// that broke a workflow, each verified against the catalog taken just before it.

/** The fields every migration of the result has, whatever happened to it. */
export function deployedMigration(migration: Migration, record: DeployRecord) {
  return { id: migration.id, path: migration.path, checksum: migration.checksum, level: record.levels.get(migration.id) ?? null };
}

/**
 * A migration failed. One that ran in one transaction is already undone by PostgreSQL; one that
 * committed part of itself is undone by its rollback, verified against the catalog taken just
 * before it. History is left as the tool leaves it (Prisma: the failed row), or marked rolled back
 * once the rollback is proven.
 */
export async function rollBackFailedMigration(
  context: RunDeployContext,
  session: TargetSession,
  migration: Migration,
  error: MigrationApplyError,
  before: CatalogSnapshot,
): Promise<boolean> {
  const { record, options, project } = context;
  const failure = {
    line: error.line,
    statement: error.statement,
    ...(error.sql ? { sqlState: error.sql.sqlState } : {}),
    message: error.sql?.message ?? error.message,
    ...(error.sql?.constraint ? { constraint: error.sql.constraint } : {}),
    ...(error.sql?.table ? { table: error.sql.table } : {}),
    stepsDone: error.stepsDone,
    stepsTotal: error.stepsTotal,
  };
  record.findings.push({
    ruleId: 'migration-failed-on-target',
    severity: 'error',
    message: error.message,
    ...(error.hint ? { help: error.hint } : {}),
    migration: migration.id,
    file: migration.path,
    line: error.line,
    evidence: failure,
  });
  addStep(record, {
    name: `apply ${migration.id}`,
    status: 'failed',
    detail: `line ${error.line}: ${failure.message}${failure.sqlState ? ` (SQLSTATE ${failure.sqlState})` : ''}`,
  });
  if (!error.partial) {
    record.migrations.push({ ...deployedMigration(migration, record), outcome: 'failed', failure });
    addStep(record, {
      name: 'rollback',
      status: 'passed',
      detail: error.droppedInvalidIndexes.length
        ? `${migration.id}'s concurrent index build failed and left the INVALID index ${error.droppedInvalidIndexes.join(', ')}: dropped (DROP INDEX CONCURRENTLY); nothing of the migration remains`
        : `${migration.id} ran in one transaction: PostgreSQL rolled all of it back`,
    });
    return false;
  }
  options.onProgress?.({ phase: 'rollback', migration: migration.id });
  const reading = await readMigrationStates(session.apply, project, context.spec).catch(() => undefined);
  const entry = reading?.history.entries.find((e) => e.key === migration.historyKey);
  const rollback = await rollBackOnTarget(session.apply, project, migration, {
    expected: before.objects,
    ...(entry ? { entry } : {}),
    ...(options.apply ? { settings: options.apply } : {}),
  }).catch((e: unknown) => ({
    outcome: 'failed' as const,
    differences: [] as string[],
    error: e instanceof Error ? e.message : String(e),
  }));
  record.migrations.push({
    ...deployedMigration(migration, record),
    outcome: rollback.outcome === 'passed' ? 'rolled-back' : 'failed',
    failure,
    rollback,
  });
  addStep(record, rollbackStep(migration, rollback));
  return rollback.outcome === 'passed';
}

/** A workflow broke after the deploy: every migration it applied is rolled back, newest first. */
export async function rollBackAll(
  context: RunDeployContext,
  session: TargetSession,
  applied: readonly Migration[],
  snapshots: readonly CatalogSnapshot[],
): Promise<boolean> {
  const { record, options, project } = context;
  const reading = await readMigrationStates(session.apply, project, context.spec);
  let allUndone = true;
  for (let index = applied.length - 1; index >= 0; index--) {
    const migration = applied[index]!;
    options.onProgress?.({ phase: 'rollback', migration: migration.id });
    const entry = reading.history.entries.find((e) => e.key === migration.historyKey);
    await project.format.history.prepareSession(
      session.apply,
      context.spec.kind === 'postgres' && context.spec.schema ? { schema: context.spec.schema } : {},
    );
    const rollback = await rollBackOnTarget(session.apply, project, migration, {
      expected: snapshots[index]!.objects,
      ...(entry ? { entry } : {}),
      ...(options.apply ? { settings: options.apply } : {}),
    });
    const at = record.migrations.findIndex((m) => m.id === migration.id);
    record.migrations[at] = {
      ...record.migrations[at]!,
      outcome: rollback.outcome === 'passed' ? 'rolled-back' : 'rollback-failed',
      rollback,
    };
    addStep(record, rollbackStep(migration, rollback));
    if (rollback.outcome !== 'passed') {
      allUndone = false;
      break;
    }
  }
  return allUndone;
}

function rollbackStep(migration: Migration, rollback: { outcome: string; file?: string; differences?: readonly string[]; error?: string }) {
  const status = rollback.outcome === 'passed' ? ('passed' as const) : ('failed' as const);
  const detail =
    rollback.outcome === 'passed'
      ? `${rollback.file} ran; the previous definitions are back; history says ${migration.id} is not applied`
      : rollback.outcome === 'missing'
        ? `no rollback at ${rollback.file}: ${migration.id} stays half-applied — restore from the backup or finish it by hand`
        : rollback.outcome === 'irreversible'
          ? `${migration.id} is declared irreversible: nothing was undone`
          : `${rollback.file ?? 'the rollback'} ${rollback.error ? `failed: ${rollback.error}` : `left differences: ${(rollback.differences ?? []).join('; ')}`}`;
  return { name: `rollback ${migration.id}`, status, detail };
}
