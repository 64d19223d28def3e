import { formatTarget, type TargetInfo } from '../../db/describe-target.js';
import type { DeployedMigration, DeployOutcome } from '../../report/deploy-result.js';
import type { IncidentInput, RollbackOutcome } from '../../report/incident-input.js';
import type { DeployRecord } from './deploy-record.js';

/**
 * The facts of a deploy that failed or was rolled back, for docs/HOTFIX-…: what broke (the
 * failing statement, or the workflow a migration broke), where, how it was undone, the backup, and
 * the run's steps as the timeline. The same object goes into the JSON report, so
 * `pgpreflight incident --from deploy.json` writes the same report later.
 */
export function deployIncident(outcome: DeployOutcome, target: TargetInfo, record: DeployRecord, historyTable: string): IncidentInput {
  const failed =
    record.migrations.find((m) => m.failure) ??
    record.migrations.find((m) => m.outcome === 'rolled-back' || m.outcome === 'rollback-failed');
  const broken = record.findings.find((f) => f.ruleId === 'workflow-broken');
  const evidence = (broken?.evidence ?? {}) as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const failure = failed?.failure;
  return {
    ...(target.environment ? { environment: target.environment } : {}),
    target: formatTarget(target),
    ...(failed ? { migration: { id: failed.id, path: failed.path } } : {}),
    ...(failure ? { statement: { text: failure.statement, line: failure.line } } : {}),
    ...optional('sqlState', failure?.sqlState ?? text(evidence.sqlState)),
    ...optional('constraint', failure?.constraint ?? text(evidence.constraint)),
    ...optional('table', failure?.table ?? text(evidence.table)),
    ...optional('message', failure?.message ?? (broken ? broken.message : undefined)),
    ...optional('detail', text(evidence.detail)),
    findings: record.findings.filter((f) => f.severity !== 'info'),
    ...(record.acceptedFindings.length ? { accepted: record.acceptedFindings } : {}),
    ...optional('workflow', text(evidence.workflow)),
    ...(failed ? { rollback: rollbackOf(failed, outcome) } : {}),
    ...(record.backup ? { backup: { file: record.backup.file, bytes: record.backup.bytes } } : {}),
    ...(failed
      ? {
          history: {
            table: historyTable,
            state:
              failed.outcome === 'rolled-back'
                ? 'rolled back (the next deploy applies it again)'
                : failed.failure && failed.failure.stepsDone === 0
                  ? 'failed (resolve it before the next deploy)'
                  : 'failed, partly applied',
          },
        }
      : {}),
    timeline: record.timeline,
    sources: [record.run === null ? 'pgpreflight deploy' : `pgpreflight deploy, run #${record.run} in pgpreflight.runs`],
    occurredAt: record.timeline.find((t) => /failed|broken/.test(t.what))?.at ?? new Date().toISOString(),
  };
}

function rollbackOf(migration: Omit<DeployedMigration, 'status'>, outcome: DeployOutcome): NonNullable<IncidentInput['rollback']> {
  const file = migration.rollback?.file;
  const at = file ? { file } : {};
  if (migration.failure && migration.failure.stepsDone === 0 && !migration.rollback) {
    return { outcome: 'transaction-rolled-back', detail: 'it ran in one transaction: PostgreSQL undid all of it' };
  }
  const map: Record<string, RollbackOutcome> = {
    passed: 'rollback-succeeded',
    failed: 'rollback-failed',
    missing: 'no-rollback',
    irreversible: 'no-rollback',
  };
  const result = migration.rollback ? map[migration.rollback.outcome]! : outcome === 'rolled-back' ? 'rollback-succeeded' : 'no-rollback';
  const differences = migration.rollback?.differences?.length ? `; still different: ${migration.rollback.differences.join('; ')}` : '';
  return { outcome: result, ...at, ...(differences ? { detail: differences.slice(2) } : {}) };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
