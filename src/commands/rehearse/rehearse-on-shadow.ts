import { runWorkflow, type Workflow, type WorkflowOutcome } from '../../analysis/workflows/run-workflow.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { Stopwatch } from '../../core/timings.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { RollbackLookup } from '../../migrations/find-rollback.js';
import type { Migration } from '../../migrations/migration.js';
import type { RehearsedMigration, RehearsedWorkflow, WorkflowRun } from '../../report/rehearse-result.js';
import { applyTraced } from './apply-traced.js';
import { roundTrip } from './round-trip.js';

export interface RehearsalInput {
  readonly shadow: DatabaseClient;
  /** A second connection to the shadow: locks are traced when there is one. */
  readonly monitor: DatabaseClient | undefined;
  readonly pending: readonly Migration[];
  readonly workflows: readonly Workflow[];
  readonly rollbackOf: (migration: Migration) => RollbackLookup;
  readonly stopwatch: Stopwatch;
}

export interface Rehearsal {
  readonly migrations: readonly RehearsedMigration[];
  readonly workflows: readonly RehearsedWorkflow[];
  readonly findings: readonly Finding[];
}

/**
 * The rehearsal proper, on a ready shadow: every workflow; then each pending migration applied as
 * deploy applies it (statement by statement, traced), the workflows again, and the rollback's
 * round trip. A workflow that passed before a migration and fails after it is an error naming both.
 * After a migration that fails, the ones that build on it are not run.
 */
export async function rehearseOnShadow(input: RehearsalInput): Promise<Rehearsal> {
  const { shadow, stopwatch } = input;
  const findings: Finding[] = [];
  const migrations: RehearsedMigration[] = [];
  const workflows: RehearsedWorkflow[] = input.workflows.map((w) => ({ name: w.name, before: { passed: false, ms: 0 }, after: [] }));
  const runAll = async (): Promise<WorkflowOutcome[]> => {
    const outcomes: WorkflowOutcome[] = [];
    for (const workflow of input.workflows) outcomes.push(await runWorkflow(shadow, workflow));
    return outcomes;
  };
  const before = await stopwatch.time('workflows', runAll);
  before.forEach((outcome, i) => {
    (workflows[i] as { before: WorkflowRun }).before = shown(outcome);
    if (!outcome.passed) {
      findings.push({
        ruleId: 'workflow-fails-before',
        severity: 'warning',
        message: `workflow "${input.workflows[i]!.name}" already fails before the pending migrations: ${outcome.error}${outcome.sqlState ? ` (SQLSTATE ${outcome.sqlState})` : ''}; it cannot tell whether they break it`,
        help: 'fix the workflow (or the data it expects) so it passes on the current schema',
        evidence: { workflow: input.workflows[i]!.name, ...outcome },
      });
    }
  });
  let failed = false;
  for (const migration of input.pending) {
    if (failed) {
      migrations.push({ id: migration.id, path: migration.path, outcome: 'not-run', ms: 0 });
      continue;
    }
    const snapshotBefore = await stopwatch.time('catalog', () => takeCatalogSnapshot(shadow));
    const applied = await applyTraced(shadow, migration, {
      where: 'the rehearsal shadow',
      ...(input.monitor ? { monitor: input.monitor } : {}),
    });
    const statements = applied.statements ? { statements: applied.statements } : {};
    stopwatch.add('apply', applied.ms);
    if (applied.failure) {
      const error = applied.failure;
      failed = true;
      migrations.push({ id: migration.id, path: migration.path, outcome: 'failed', ms: applied.ms, ...statements });
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
    const rewrites = [...new Set((applied.statements ?? []).flatMap((st) => st.rewrites))].sort();
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
    const snapshotAfter = await stopwatch.time('catalog', () => takeCatalogSnapshot(shadow));
    const trip = await stopwatch.time('rollback', () =>
      roundTrip(shadow, migration, input.rollbackOf(migration), snapshotBefore, snapshotAfter),
    );
    migrations.push({
      id: migration.id,
      path: migration.path,
      outcome: 'applied',
      ms: applied.ms,
      rewrites,
      ...statements,
      rollback: trip.trip,
    });
    findings.push(...trip.findings);
    if (!trip.shadowIntact) failed = true;
  }
  return { migrations, workflows, findings };
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
