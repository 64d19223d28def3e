import type { Finding } from '../core/finding.js';
import type { DatabaseClient } from '../db/database-client.js';
import type { MigrationProject } from '../migrations/load-migration-project.js';
import type { MigrationState } from '../migrations/migration.js';
import { readRuns, updateRun } from '../migrations/run-records.js';

/**
 * Deploys that stopped half-way through a non-transactional migration — killed, or failed with a
 * rollback that could not run — left part of it on the target with no history row saying so: the
 * next deploy must not run it again blindly. Read under the migration lock, so none of them is
 * still running; `running` runs that left nothing half-done are closed as aborted. `resolve` closes
 * the others.
 */
export async function interruptedRuns(
  db: DatabaseClient,
  project: MigrationProject,
  states: readonly MigrationState[],
  /** Before the lock, a `running` run may still be running: only read, close nothing. */
  options: { readonly closeAborted?: boolean } = {},
): Promise<Finding[]> {
  const statusOf = new Map(states.map((s) => [s.id, s.status]));
  const findings: Finding[] = [];
  const runs = [
    ...(await readRuns(db, { command: 'deploy', outcome: 'running' })),
    ...(await readRuns(db, { command: 'deploy', outcome: 'failed', limit: 20 })),
  ];
  for (const run of runs) {
    const partial = run.migrations.filter(
      (m) =>
        (m.outcome === 'applying' || m.outcome === 'failed') &&
        (m.stepsDone ?? 0) > 0 &&
        m.stepsTotal !== undefined &&
        (m.stepsDone ?? 0) < m.stepsTotal &&
        statusOf.get(m.id) !== 'applied' &&
        project.migrations.some((p) => p.id === m.id),
    );
    if (partial.length === 0) {
      if (run.outcome === 'running' && options.closeAborted !== false)
        await updateRun(db, run.id, { outcome: 'aborted', finished: true, details: { interrupted: true } });
      continue;
    }
    for (const m of partial) {
      findings.push({
        ruleId: 'deploy-interrupted',
        severity: 'error',
        message: `deploy run #${run.id} (started ${run.startedAt} by ${run.actor ?? run.runBy}) stopped after step ${m.stepsDone} of ${m.stepsTotal} of ${m.id}, which cannot run in one transaction: part of it is on the target, and its history does not say so`,
        help: `inspect the target (pgpreflight drift), finish or undo the rest by hand, then \`pgpreflight resolve ${m.id} --applied\` or \`--rolled-back\``,
        migration: m.id,
        evidence: { run: run.id, stepsDone: m.stepsDone, stepsTotal: m.stepsTotal },
      });
    }
  }
  return findings;
}
