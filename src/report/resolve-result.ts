import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { MigrationStatus } from '../migrations/migration.js';

export interface ResolveResult {
  readonly command: 'resolve';
  readonly target: TargetInfo;
  readonly migration: { readonly id: string; readonly path: string };
  readonly as: 'applied' | 'rolled-back';
  /** Its status before and after, as `status` reports it. */
  readonly before: MigrationStatus;
  readonly after: MigrationStatus;
  /** Interrupted deploy runs (pgpreflight.runs) this closed. */
  readonly closedRuns: readonly number[];
  readonly run: number;
  readonly findings: readonly Finding[];
  readonly timings: Timings;
}
