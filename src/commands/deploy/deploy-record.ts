import type { Finding } from '../../core/finding.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationState } from '../../migrations/migration.js';
import type { SafetyLevel } from '../../report/check-result.js';
import type { DeployedMigration, DeployResult, DeployStep } from '../../report/deploy-result.js';

/** The mutable record of one deploy, turned into the result at the end. */
export interface DeployRecord {
  readonly steps: DeployStep[];
  readonly findings: Finding[];
  readonly migrations: DeployedMigration[];
  accepted: DeployResult['accepted'];
  backup: DeployResult['backup'];
  run: number | null;
  incident: string | null;
  readonly levels: Map<string, SafetyLevel | null>;
}

export function newDeployRecord(): DeployRecord {
  return { steps: [], findings: [], migrations: [], accepted: [], backup: null, run: null, incident: null, levels: new Map() };
}

/** What the next deploy runs, in order: never applied, or rolled back (the tools apply those again). */
export function pendingOf(project: MigrationProject, states: readonly MigrationState[]): Migration[] {
  const status = new Map(states.map((s) => [s.id, s.status]));
  return project.migrations.filter((m) => {
    const s = status.get(m.id) ?? 'pending';
    return s === 'pending' || s === 'rolled-back';
  });
}
