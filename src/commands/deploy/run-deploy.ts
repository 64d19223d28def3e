import { runWorkflow, type WorkflowOutcome } from '../../analysis/workflows/run-workflow.js';
import type { CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { isPgPreflightError } from '../../core/pgpreflight-error.js';
import type { Stopwatch } from '../../core/timings.js';
import { acquireAdvisoryLock } from '../../db/advisory-lock.js';
import type { TargetSpec } from '../../db/target-url.js';
import { applyMigration } from '../../migrations/apply/apply-migration.js';
import { MigrationApplyError } from '../../migrations/apply/migration-apply-error.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import { ensureRunsTable, startRun, updateRun, type RunMigration } from '../../migrations/run-records.js';
import type { DeployOutcome } from '../../report/deploy-result.js';
import { backup } from '../backup/backup.js';
import { addStep, pendingOf, type DeployRecord } from './deploy-record.js';
import type { DeployOptions } from './deploy-options.js';
import { historyRefusals } from './deploy-guard.js';
import { interruptedRuns } from '../interrupted-runs.js';
import { deployedMigration, rollBackAll, rollBackFailedMigration } from './roll-back-deploy.js';
import { touchedTables } from './touched-tables.js';
import { openTargetSession, type TargetSession } from './target-session.js';
import { waitForBlockers } from './wait-for-blockers.js';
import { compareVerify, runVerify } from './deploy-verify.js';

export interface RunDeployContext {
  readonly options: DeployOptions;
  readonly project: MigrationProject;
  readonly spec: TargetSpec;
  readonly record: DeployRecord;
  readonly stopwatch: Stopwatch;
  readonly setCancel: (cancel: () => Promise<void>) => void;
}

/** The writing half of deploy: everything after the gates, under the migration lock. */
export async function runDeploy(context: RunDeployContext): Promise<DeployOutcome> {
  const { options, project, spec, record, stopwatch } = context;
  const session = await openTargetSession(spec, options.environment);
  context.setCancel(() => session.cancelApply());
  try {
    const writer = project.format.history;
    const lock = await stopwatch.time('lock', () =>
      acquireAdvisoryLock(session.lock, writer.lockKey, {
        waitMs: options.lockWaitMs ?? 600_000,
        onWait: (waitedMs, holder) => options.onProgress?.({ phase: 'lock', waitedMs, ...(holder ? { holder } : {}) }),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    addStep(record, {
      name: 'lock',
      status: 'passed',
      detail: `advisory lock ${writer.lockKey} held (${project.format.title} deploys wait for it)`,
    });
    try {
      const outcome = await underLock(context, session);
      // What the history says now, for each migration's `status` in the result (still under the lock).
      record.statesAfter = (await readMigrationStates(session.lock, project, spec).catch(() => undefined))?.states ?? null;
      return outcome;
    } finally {
      await lock.release().catch(() => undefined);
    }
  } finally {
    await session.close();
  }
}

async function underLock(context: RunDeployContext, session: TargetSession): Promise<DeployOutcome> {
  const { options, project, spec, record, stopwatch } = context;
  const db = session.apply;
  // The journal is written on the lock connection: if the applying backend is killed, the run
  // still records how far it got.
  const journalDb = session.lock;
  const writer = project.format.history;
  const historySession = spec.kind === 'postgres' && spec.schema ? { schema: spec.schema } : {};
  await ensureRunsTable(db);

  // Another deploy may have applied, or failed, while this one waited for the lock.
  const { states } = await readMigrationStates(db, project, spec);
  const refusals = [...(await historyRefusals(project, states, options.production)), ...(await interruptedRuns(db, project, states))];
  if (refusals.length) {
    addStep(record, { name: 'status under lock', status: 'failed', detail: refusals.map((f) => f.message).join('; ') });
    record.findings.unshift(...refusals);
    return 'refused';
  }
  const pending = pendingOf(project, states);
  if (pending.length === 0) {
    addStep(record, { name: 'apply', status: 'skipped', detail: 'another deploy applied every pending migration while this one waited' });
    return 'up-to-date';
  }
  const journal: RunMigration[] = pending.map((m) => ({
    id: m.id,
    checksum: m.checksum,
    level: record.levels.get(m.id) ?? null,
    outcome: 'pending',
  }));
  record.run = await startRun(journalDb, {
    command: 'deploy',
    ...(options.environment ? { environment: options.environment } : {}),
    migrations: journal,
    details: { accepted: record.accepted, production: options.production },
    ...(options.actor ? { actor: options.actor } : {}),
  });
  const runId = record.run;
  const setJournal = async (index: number, entry: Partial<RunMigration>): Promise<void> => {
    journal[index] = { ...journal[index]!, ...entry };
    await updateRun(journalDb, runId, { migrations: journal }).catch(() => undefined);
  };
  let outcome: DeployOutcome = 'failed';
  try {
    const tables = await touchedTables(pending);
    const blockers = await stopwatch.time('blockers', () =>
      waitForBlockers(db, tables, {
        ignorePids: session.pids,
        waitMs: options.blockerWaitMs ?? 60_000,
        ...(options.blockerThresholds ? { thresholds: options.blockerThresholds } : {}),
        onWait: (remainingMs, found) => options.onProgress?.({ phase: 'blockers', remainingMs, blockers: found }),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    addStep(record, {
      name: 'blockers',
      status: 'passed',
      detail: blockers.waitedMs >= 1_000 ? `none after waiting ${Math.round(blockers.waitedMs / 1000)} s` : 'none',
    });

    if (options.production || options.backup) {
      options.onProgress?.({ phase: 'backup' });
      const taken = await stopwatch.time('backup', () =>
        backup({
          url: options.url,
          ...(options.environment ? { environment: options.environment } : {}),
          projectRoot: project.layout.projectRoot,
          ...(options.backupDir ? { dir: options.backupDir } : {}),
          ...(options.pgDump ? { pgDump: options.pgDump } : {}),
        }),
      );
      record.backup = { file: taken.file, bytes: taken.bytes };
      addStep(record, {
        name: 'backup',
        status: 'passed',
        detail: `${taken.file} (${taken.bytes} bytes, ${taken.archive.tables} tables, verified with pg_restore --list)`,
      });
      await updateRun(journalDb, runId, { details: { backup: taken.file } }).catch(() => undefined);
    } else {
      addStep(record, { name: 'backup', status: 'skipped', detail: 'not production (pass --backup to take one)' });
    }

    await writer.prepareSession(db, historySession);
    await writer.ensureTable(db, historySession);
    const workflows = options.workflows ?? [];
    const before = await stopwatch.time('workflows', () => runAll(session, workflows));
    if (workflows.length) {
      const failing = before.filter((o) => !o.passed).length;
      addStep(record, {
        name: 'workflows before',
        status: failing ? 'warning' : 'passed',
        detail: `${workflows.length - failing} of ${workflows.length} pass${failing ? ' (a workflow failing before cannot tell whether the deploy breaks it)' : ''}`,
      });
    }

    const verifyTarget = {
      url: options.url,
      ...(options.environment ? { environment: options.environment } : {}),
      dir: options.dir,
      ...(options.dirLabel ? { dirLabel: options.dirLabel } : {}),
      format: project.format.id,
    };
    // An embedded target is read by verify from its folder: what this connection wrote must be there.
    const flush = async (): Promise<void> => {
      if (db.dialect === 'pglite') await db.exec('CHECKPOINT');
    };
    const verifyBefore = options.verify
      ? await stopwatch.time('verify', async () => {
          await flush();
          return runVerify(options.verify!, verifyTarget).catch(() => undefined);
        })
      : undefined;

    const snapshots: CatalogSnapshot[] = [];
    for (const [index, migration] of pending.entries()) {
      await writer.prepareSession(db, historySession);
      snapshots.push(await takeCatalogSnapshot(db));
      await setJournal(index, { outcome: 'applying', stepsDone: 0 });
      try {
        const applied = await stopwatch.time('apply', () =>
          applyMigration(db, migration, {
            writer,
            ...(options.apply ? { settings: options.apply } : {}),
            onEvent: (event) => options.onProgress?.({ phase: 'apply', event }),
            onStepCommitted: (done, total) => setJournal(index, { stepsDone: done, stepsTotal: total }),
            ...(options.signal ? { signal: options.signal } : {}),
          }),
        );
        await setJournal(index, { outcome: 'applied' });
        record.migrations.push({
          ...deployedMigration(migration, record),
          outcome: 'applied',
          ms: Math.round(applied.ms),
          retries: applied.retries.length,
        });
        addStep(record, {
          name: `apply ${migration.id}`,
          status: 'passed',
          detail: `${Math.round(applied.ms)} ms, ${applied.steps.length} step(s)${applied.retries.length ? `, ${applied.retries.length} lock wait(s) retried` : ''}`,
        });
      } catch (error) {
        if (!(error instanceof MigrationApplyError)) throw error;
        await setJournal(index, { outcome: 'failed', stepsDone: error.stepsDone, stepsTotal: error.stepsTotal });
        const undone = await rollBackFailedMigration(context, session, migration, error, snapshots.at(-1)!);
        if (undone) await setJournal(index, { outcome: 'rolled-back' });
        return (outcome = 'failed');
      }
    }

    const after = await stopwatch.time('status', () => readMigrationStates(db, project, spec));
    const left = pendingOf(project, after.states).length;
    addStep(record, {
      name: 'status after',
      status: left ? 'failed' : 'passed',
      detail: left ? `${left} migration(s) still pending` : 'up to date',
    });

    if (options.verify) {
      options.onProgress?.({ phase: 'verify' });
      await flush();
      const verified = await stopwatch.time('verify', () =>
        runVerify(options.verify!, verifyTarget).catch((error: unknown) => error as Error),
      );
      if (verified instanceof Error) {
        addStep(record, { name: 'verify', status: 'warning', detail: `could not run: ${verified.message}` });
      } else {
        const compared = compareVerify(verifyBefore, verified);
        record.findings.push(...compared.findings);
        addStep(record, {
          name: 'verify',
          status: compared.broken ? 'failed' : compared.old ? 'warning' : 'passed',
          detail: compared.broken
            ? `${compared.broken} check(s) the deploy broke (see below)`
            : `${verified.summary.passed} of ${verified.summary.checks} checks pass${compared.old ? `; ${compared.old} already failed before the deploy` : ''}`,
        });
      }
    }

    const afterWorkflows = await stopwatch.time('workflows', () => runAll(session, workflows));
    const broken = workflows.filter((_, i) => before[i]!.passed && !afterWorkflows[i]!.passed);
    if (workflows.length) {
      addStep(record, {
        name: 'workflows after',
        status: broken.length ? 'failed' : 'passed',
        detail: broken.length
          ? `broken: ${broken.map((w) => w.name).join(', ')}`
          : `${afterWorkflows.filter((o) => o.passed).length} of ${workflows.length} pass`,
      });
    }
    if (broken.length) {
      broken.forEach((workflow) => {
        const o = afterWorkflows[workflows.indexOf(workflow)]!;
        record.findings.push({
          ruleId: 'workflow-broken',
          severity: 'error',
          message: `workflow "${workflow.name}" passed before the deploy and fails after it: ${o.error}${o.sqlState ? ` (SQLSTATE ${o.sqlState}${o.constraint ? `, constraint ${o.constraint}` : ''})` : ''}`,
          help: 'the deploy is being rolled back; fix the migration (or the code the workflow exercises) and rehearse again',
          ...(pending.length === 1 ? { migration: pending[0]!.id, file: pending[0]!.path } : {}),
          evidence: { workflow: workflow.name, migrations: pending.map((m) => m.id), ...o },
        });
      });
      const undone = await rollBackAll(context, session, pending, snapshots);
      return (outcome = undone ? 'rolled-back' : 'failed');
    }
    return (outcome = 'deployed');
  } catch (error) {
    if (isPgPreflightError(error) && error.code === 'DEPLOY_BLOCKED') outcome = 'aborted';
    throw error;
  } finally {
    await updateRun(journalDb, runId, { outcome: runOutcome(outcome), migrations: journal, finished: true }).catch(() => undefined);
  }
}

function runOutcome(outcome: DeployOutcome): 'passed' | 'failed' | 'rolled-back' | 'aborted' {
  if (outcome === 'deployed' || outcome === 'up-to-date') return 'passed';
  if (outcome === 'rolled-back') return 'rolled-back';
  if (outcome === 'aborted' || outcome === 'refused') return 'aborted';
  return 'failed';
}

async function runAll(session: TargetSession, workflows: NonNullable<DeployOptions['workflows']>): Promise<WorkflowOutcome[]> {
  const outcomes: WorkflowOutcome[] = [];
  for (const workflow of workflows) outcomes.push(await runWorkflow(session.apply, workflow));
  return outcomes;
}
