import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { VerifyCheck } from '../core/verify-check.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { MigrationFormatId } from '../migrations/migration.js';

export type { VerifyCheck, VerifyCheckKind, VerifyCheckOutcome } from '../core/verify-check.js';

export interface VerifyResult {
  readonly command: 'verify';
  readonly target: TargetInfo;
  /** The migrations project, when one was found: where the expected objects come from. */
  readonly project: {
    readonly format: MigrationFormatId;
    readonly tool: string;
    readonly migrationsDir: string;
    readonly historyTable: string;
    /** Migrations the target's history says are applied (and the shadow replays). */
    readonly applied: number;
  } | null;
  /** The schema those migrations produce; null when it was not needed or could not be built. */
  readonly shadow: {
    readonly kind: 'embedded';
    /** `catalog`: the expected catalog came from the cache; `shadow`: the cached shadow was opened; false: replayed now. */
    readonly fromCache: 'catalog' | 'shadow' | false;
    readonly replayed: number;
    readonly notes: readonly string[];
  } | null;
  /** Every check, in the order run: invariants, duplicates, expected objects, then the health checks. */
  readonly checks: readonly VerifyCheck[];
  /** Each finding's `evidence.check` names the check it belongs to. */
  readonly findings: readonly Finding[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly checks: number;
    readonly passed: number;
    readonly failed: number;
    readonly warned: number;
    readonly skipped: number;
  };
  readonly timings: Timings;
}
