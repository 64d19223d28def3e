import { runWorkflow, type Workflow, type WorkflowOutcome } from '../../analysis/workflows/run-workflow.js';
import { countFindings, type Finding } from '../../core/finding.js';
import { Stopwatch } from '../../core/timings.js';
import { connectTarget, type ConnectedTarget } from '../../db/connect-target.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import { parseTargetUrl } from '../../db/target-url.js';
import { readRelfilenodes, rewrittenTables } from '../../catalog/read-relfilenodes.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { findRollback } from '../../migrations/find-rollback.js';
import { loadMigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationFormatId, MigrationState } from '../../migrations/migration.js';
import { recordRun } from '../../migrations/run-records.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import { MigrationReplayError, replayMigrations } from '../../migrations/replay-migrations.js';
import type { RehearsedMigration, RehearsedWorkflow, RehearseResult, WorkflowRun } from '../../report/rehearse-result.js';
import { openCheckShadow } from '../check/open-check-shadow.js';
import { selectPending } from '../check/select-pending.js';
import { roundTrip } from './round-trip.js';

export interface RehearseOptions {
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** The target: its history says what is pending (never written). */
  readonly url?: string;
  readonly environment?: string;
  readonly only?: readonly string[];
  readonly latest?: number;
  readonly workflows: readonly Workflow[];
  readonly shadowUrl?: string;
  readonly cacheDir?: string;
  /**
   * Record the outcome in the target's `pgpreflight.runs` (the one write rehearse makes, and only
   * when asked): a production deploy of a level-3 migration looks there for a green staging rehearsal.
   */
  readonly record?: { readonly actor?: string };
}

/**
 * SPEC `rehearse` (workflows part): on a shadow holding the applied migrations, run every critical
 * workflow, apply each pending migration exactly as deploy will, and run the workflows again after
 * each one. A workflow that passed before and fails after a migration is an error naming both.
 */
export async function rehearse(options: RehearseOptions): Promise<RehearseResult> {
  const stopwatch = new Stopwatch();
  const project = await stopwatch.time('migrations', () =>
    loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel }),
  );
  let target: ConnectedTarget | undefined;
  let states: readonly MigrationState[] | undefined;
  if (options.url !== undefined) {
    const spec = parseTargetUrl(options.url);
    target = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
    const client = target.client;
    try {
      states = (await stopwatch.time('history', () => readMigrationStates(client, project, spec))).states;
    } finally {
      await client.close();
    }
  }
  const selection = selectPending(project.migrations, states, {
    ...(options.only ? { only: options.only } : {}),
    ...(options.latest ? { latest: options.latest } : {}),
  });
  const findings: Finding[] = [];
  const migrations: RehearsedMigration[] = [];
  const workflows: RehearsedWorkflow[] = options.workflows.map((w) => ({ name: w.name, before: { passed: false, ms: 0 }, after: [] }));
  const shadow = await stopwatch.time('shadow', () =>
    openCheckShadow({
      format: project.format.id,
      applied: selection.applied,
      pending: selection.pending,
      cacheDir: options.cacheDir ?? defaultCacheDir(project.layout.projectRoot),
      ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
      ...(target ? { target: target.info } : {}),
    }),
  );
  try {
    const runAll = async (): Promise<WorkflowOutcome[]> => {
      const outcomes: WorkflowOutcome[] = [];
      for (const workflow of options.workflows) outcomes.push(await runWorkflow(shadow.client, workflow));
      return outcomes;
    };
    const before = await stopwatch.time('workflows', runAll);
    before.forEach((outcome, i) => {
      (workflows[i] as { before: WorkflowRun }).before = shown(outcome);
      if (!outcome.passed) {
        findings.push({
          ruleId: 'workflow-fails-before',
          severity: 'warning',
          message: `workflow "${options.workflows[i]!.name}" already fails before the pending migrations: ${outcome.error}${outcome.sqlState ? ` (SQLSTATE ${outcome.sqlState})` : ''}; it cannot tell whether they break it`,
          help: 'fix the workflow (or the data it expects) so it passes on the current schema',
          evidence: { workflow: options.workflows[i]!.name, ...outcome },
        });
      }
    });
    let failed = false;
    for (const migration of selection.pending) {
      if (failed) {
        migrations.push({ id: migration.id, path: migration.path, outcome: 'not-run', ms: 0 });
        continue;
      }
      const snapshotBefore = await stopwatch.time('catalog', () => takeCatalogSnapshot(shadow.client));
      const filesBefore = await readRelfilenodes(shadow.client);
      const start = performance.now();
      try {
        await replayMigrations(shadow.client, [migration], { where: 'the rehearsal shadow' });
      } catch (error) {
        if (!(error instanceof MigrationReplayError)) throw error;
        failed = true;
        migrations.push({ id: migration.id, path: migration.path, outcome: 'failed', ms: performance.now() - start });
        findings.push({
          ruleId: 'migration-fails-on-shadow',
          severity: error.unsupported ? 'warning' : 'error',
          message: `${error.error.message} (SQLSTATE ${error.error.sqlState})`,
          ...(error.hint ? { help: error.hint } : {}),
          migration: migration.id,
          file: migration.path,
          ...(error.line !== undefined ? { line: error.line } : {}),
          evidence: { sqlState: error.error.sqlState, error: error.error.message },
        });
        continue;
      }
      const ms = performance.now() - start;
      stopwatch.add('apply', ms);
      const rewrites = rewrittenTables(filesBefore, await readRelfilenodes(shadow.client));
      migrations.push({ id: migration.id, path: migration.path, outcome: 'applied', ms, rewrites });
      if (rewrites.length) {
        findings.push({
          ruleId: 'table-rewritten',
          severity: 'warning',
          message: `rewrites ${rewrites.join(', ')}: every row is copied under an ACCESS EXCLUSIVE lock, reads and writes wait until it finishes`,
          help: 'avoid the rewrite (a constant default, a binary-coercible type change, a new column backfilled in batches), or schedule it in a maintenance window',
          migration: migration.id,
          file: migration.path,
          evidence: { tables: rewrites },
        });
      }
      const after = await stopwatch.time('workflows', runAll);
      after.forEach((outcome, i) => {
        const workflow = workflows[i]!;
        const previous = workflow.after.at(-1) ?? workflow.before;
        (workflow.after as (WorkflowRun & { migration: string })[]).push({ migration: migration.id, ...shown(outcome) });
        if (previous.passed && !outcome.passed) findings.push(brokenFinding(workflow.name, migration, outcome));
      });
      // The rollback, proven by a round trip: back to the schema before, then forward again.
      const snapshotAfter = await stopwatch.time('catalog', () => takeCatalogSnapshot(shadow.client));
      const trip = await stopwatch.time('rollback', () =>
        roundTrip(shadow.client, migration, findRollback(migration, project.format.id, project.layout), snapshotBefore, snapshotAfter),
      );
      const index = migrations.length - 1;
      migrations[index] = { ...migrations[index]!, rollback: trip.trip };
      findings.push(...trip.findings);
      if (!trip.shadowIntact) failed = true;
    }
  } finally {
    await shadow.close();
  }
  const summary = { ...countFindings(findings), pending: selection.pending.length, workflows: workflows.length };
  const recorded =
    options.record && options.url !== undefined
      ? await recordRehearsal(options.url, options.environment, selection.pending, migrations, summary.errors === 0, options.record.actor)
      : null;
  return {
    command: 'rehearse',
    recorded,
    target: target?.info ?? null,
    shadow: shadow.info,
    migrations,
    workflows,
    findings,
    summary,
    timings: stopwatch.result(),
  };
}

function shown(outcome: WorkflowOutcome): WorkflowRun {
  return {
    passed: outcome.passed,
    ms: Math.round(outcome.ms),
    ...(outcome.sqlState ? { sqlState: outcome.sqlState } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(outcome.constraint ? { constraint: outcome.constraint } : {}),
  };
}

function brokenFinding(workflow: string, migration: { id: string; path: string }, outcome: WorkflowOutcome): Finding {
  const object = outcome.constraint
    ? `constraint ${outcome.constraint}`
    : outcome.column
      ? `column ${outcome.column}`
      : outcome.table
        ? `table ${outcome.table}`
        : undefined;
  return {
    ruleId: 'workflow-broken',
    severity: 'error',
    message: `workflow "${workflow}" passed before ${migration.id} and fails after it: ${outcome.error}${outcome.sqlState ? ` (SQLSTATE ${outcome.sqlState}${object ? `, ${object}` : ''})` : ''}`,
    help: 'this is what users will hit after the deploy: change the migration (or the code the workflow exercises) until the workflow passes',
    migration: migration.id,
    file: migration.path,
    evidence: { workflow, ...outcome, ms: Math.round(outcome.ms) },
  };
}

/** The run, with each migration's checksum and rollback outcome, in the target's pgpreflight.runs. */
async function recordRehearsal(
  url: string,
  environment: string | undefined,
  pending: readonly Migration[],
  rehearsed: readonly RehearsedMigration[],
  green: boolean,
  actor: string | undefined,
): Promise<number> {
  const connected = await connectTarget(parseTargetUrl(url), environment, { writable: true });
  try {
    return await recordRun(connected.client, {
      command: 'rehearse',
      ...(environment ? { environment } : {}),
      migrations: pending.map((migration) => {
        const run = rehearsed.find((r) => r.id === migration.id);
        return {
          id: migration.id,
          checksum: migration.checksum,
          outcome: run?.outcome ?? 'not-run',
          rollback: run?.rollback?.outcome ?? 'not-run',
        };
      }),
      outcome: green ? 'passed' : 'failed',
      ...(actor ? { actor } : {}),
    });
  } finally {
    await connected.client.close();
  }
}
