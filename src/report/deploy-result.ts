import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { MigrationStatus } from '../migrations/migration.js';
import type { SafetyLevel } from './check-result.js';
import type { IncidentInput } from './incident-input.js';
import type { WatchResult } from './watch-result.js';

/** One line of the runbook's checklist, in the order deploy ran it. */
export interface DeployStep {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped' | 'warning';
  readonly detail: string;
}

export type DeployOutcome =
  /** Every pending migration applied; status, verify and workflows passed. */
  | 'deployed'
  /** Nothing was pending (perhaps another deploy applied it meanwhile). */
  | 'up-to-date'
  /** --plan: gates ran, nothing was applied. */
  | 'planned'
  /** A guard or gate said no; nothing was applied and no lock was taken. */
  | 'refused'
  /** Blocking sessions or another deploy did not go away in time; nothing was applied. */
  | 'aborted'
  /** A migration failed (what remains of it is in `migrations`). */
  | 'failed'
  /** A failure after apply was undone by the migrations' rollbacks. */
  | 'rolled-back';

export interface DeployedMigration {
  readonly id: string;
  readonly path: string;
  readonly checksum: string;
  readonly level: SafetyLevel | null;
  readonly outcome: 'applied' | 'failed' | 'not-run' | 'rolled-back' | 'rollback-failed';
  /** What the history says after the run, as `status` reports it (SPEC `status` values). */
  readonly status: MigrationStatus;
  readonly ms?: number;
  /** Lock waits retried while applying it. */
  readonly retries?: number;
  /** The failing statement, line, SQLSTATE and PostgreSQL's words. */
  readonly failure?: {
    readonly line: number;
    readonly statement: string;
    readonly sqlState?: string;
    readonly message: string;
    readonly constraint?: string;
    readonly table?: string;
    /** Steps committed before the failure: more than 0 means part of it remains. */
    readonly stepsDone: number;
    readonly stepsTotal: number;
  };
  readonly rollback?: {
    readonly file?: string;
    readonly outcome: 'passed' | 'failed' | 'missing' | 'irreversible';
    readonly differences?: readonly string[];
  };
}

export interface AcceptedFinding {
  readonly ruleId: string;
  readonly migration: string;
  readonly reason: string;
}

export interface DeployResult {
  readonly command: 'deploy';
  readonly target: TargetInfo;
  readonly production: boolean;
  readonly outcome: DeployOutcome;
  readonly migrations: readonly DeployedMigration[];
  readonly steps: readonly DeployStep[];
  readonly accepted: readonly AcceptedFinding[];
  readonly backup: { readonly file: string; readonly bytes: number } | null;
  /** The row of `pgpreflight.runs` on the target that records this run. */
  readonly run: number | null;
  /** A failed or rolled-back deploy: the incident report written (docs/HOTFIX-…) and its facts. */
  readonly incident: (IncidentInput & { readonly file: string }) | null;
  /** `--watch`: the logs followed after a successful deploy. */
  readonly watch: WatchResult | null;
  readonly findings: readonly Finding[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly pending: number;
    readonly applied: number;
    readonly level: SafetyLevel | null;
  };
  readonly timings: Timings;
}
