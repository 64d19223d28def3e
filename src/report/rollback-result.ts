import type { Finding, FindingCounts } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { DeployStep } from './deploy-result.js';

export interface RollbackResult {
  readonly command: 'rollback';
  readonly target: TargetInfo;
  readonly production: boolean;
  readonly migration: { readonly id: string; readonly path: string; readonly rollback: string };
  /** rolled-back: the previous definitions are back and history says so; failed: history unchanged. */
  readonly outcome: 'rolled-back' | 'failed';
  /** Objects still not as they were before the migration. */
  readonly differences: readonly string[];
  readonly steps: readonly DeployStep[];
  readonly backup: string | null;
  readonly run: number | null;
  readonly findings: readonly Finding[];
  readonly summary: FindingCounts;
  readonly timings: Timings;
}
