import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { CheckResult } from './check-result.js';

export interface WorkflowRun {
  readonly passed: boolean;
  readonly ms: number;
  readonly sqlState?: string;
  readonly error?: string;
  readonly constraint?: string;
}

export interface RehearsedWorkflow {
  readonly name: string;
  /** On the shadow holding the applied migrations. */
  readonly before: WorkflowRun;
  /** After each pending migration, in order. */
  readonly after: readonly (WorkflowRun & { readonly migration: string })[];
}

/** The rollback round trip of one migration. */
export type RollbackTrip =
  | { readonly outcome: 'passed' | 'failed'; readonly rollback: string; readonly differences: readonly string[] }
  | { readonly outcome: 'missing'; readonly expected: string }
  | { readonly outcome: 'irreversible'; readonly reason: string };

export interface RehearsedMigration {
  readonly id: string;
  readonly path: string;
  readonly outcome: 'applied' | 'failed' | 'not-run';
  readonly ms: number;
  /** Tables whose storage the migration replaced (pg_class.relfilenode changed): a full rewrite. */
  readonly rewrites?: readonly string[];
  readonly rollback?: RollbackTrip;
}

export interface RehearseResult {
  readonly command: 'rehearse';
  /** The row of `pgpreflight.runs` on the target that records this rehearsal (with --record). */
  readonly recorded: number | null;
  readonly target: TargetInfo | null;
  readonly shadow: CheckResult['shadow'];
  readonly migrations: readonly RehearsedMigration[];
  readonly workflows: readonly RehearsedWorkflow[];
  readonly findings: readonly Finding[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly pending: number;
    readonly workflows: number;
  };
  readonly timings: Timings;
}
