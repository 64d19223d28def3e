import type { Finding } from '../../core/finding.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationState } from '../../migrations/migration.js';
import type { SafetyLevel } from '../../report/check-result.js';
import type { DeployedMigration, DeployResult, DeployStep } from '../../report/deploy-result.js';
import type { IncidentInput } from '../../report/incident-input.js';

/** The mutable record of one deploy, turned into the result at the end. */
export interface DeployRecord {
  readonly steps: DeployStep[];
  readonly findings: Finding[];
  /** Each migration the run touched; its history status is added when the result is built. */
  readonly migrations: Omit<DeployedMigration, 'status'>[];
  /** The history read at the end of the run under the lock (null when it could not be read). */
  statesAfter: readonly MigrationState[] | null;
  accepted: DeployResult['accepted'];
  /** The findings `--accept` let through, with their reasons. */
  acceptedFindings: NonNullable<IncidentInput['accepted']>;
  backup: DeployResult['backup'];
  run: number | null;
  incident: DeployResult['incident'];
  watch: DeployResult['watch'];
  readonly levels: Map<string, SafetyLevel | null>;
  /** What happened when, for the incident report's timeline. */
  readonly timeline: { readonly at: string; readonly what: string }[];
}

export function newDeployRecord(): DeployRecord {
  return {
    steps: [],
    findings: [],
    migrations: [],
    accepted: [],
    acceptedFindings: [],
    statesAfter: null,
    backup: null,
    run: null,
    incident: null,
    watch: null,
    levels: new Map(),
    timeline: [],
  };
}

/** What the next deploy runs, in order: never applied, or rolled back (the tools apply those again). */
export function pendingOf(project: MigrationProject, states: readonly MigrationState[]): Migration[] {
  const status = new Map(states.map((s) => [s.id, s.status]));
  return project.migrations.filter((m) => {
    const s = status.get(m.id) ?? 'pending';
    return s === 'pending' || s === 'rolled-back';
  });
}

/** One line of the checklist, also a moment of the incident report's timeline. */
export function addStep(record: DeployRecord, step: DeployStep): void {
  record.steps.push(step);
  record.timeline.push({ at: new Date().toISOString(), what: `${step.name}: ${step.status} — ${step.detail}` });
}
