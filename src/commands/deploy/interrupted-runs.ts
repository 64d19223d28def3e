import type { Finding } from '../../core/finding.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { MigrationState } from '../../migrations/migration.js';
import { readRuns, updateRun } from '../../migrations/run-records.js';

/**
 * Deploys that never finished (the process or its backend was killed): read under the migration
 * lock, so none of them is still running. One that stopped half-way through a non-transactional
 * migration left part of it on the target with no history row saying so — the next deploy must
 * not run it again blindly. Runs that left nothing half-done are closed as aborted.
 */
export async function interruptedRuns(
  db: DatabaseClient,
  project: MigrationProject,
  states: readonly MigrationState[],
): Promise<Finding[]> {
  const statusOf = new Map(states.map((s) => [s.id, s.status]));
  const findings: Finding[] = [];
  for (const run of await readRuns(db, { command: 'deploy', outcome: 'running' })) {
    const partial = run.migrations.filter(
      (m) =>
        (m.stepsDone ?? 0) > 0 &&
        m.stepsTotal !== undefined &&
        (m.stepsDone ?? 0) < m.stepsTotal &&
        statusOf.get(m.id) !== 'applied' &&
        project.migrations.some((p) => p.id === m.id),
    );
    if (partial.length === 0) {
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
