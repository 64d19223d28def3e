import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { CheckResult } from './check-result.js';
import type { RollbackTrip } from './rehearse-result.js';

export interface RollbackGenerateResult {
  readonly command: 'rollback generate';
  /** Null without a target: the newest (or the named) migration was taken. */
  readonly target: TargetInfo | null;
  readonly migration: { readonly id: string; readonly path: string };
  readonly rollback: {
    /** Where the format keeps rollbacks, relative to the project root. */
    readonly path: string;
    /** False with --stdout. */
    readonly written: boolean;
    /** A rollback was there and --force replaced it. */
    readonly replaced: boolean;
    /** The file's text: header, then the statements. */
    readonly sql: string;
    readonly statements: number;
  };
  /** What the migration changes, as the catalog diff says it (what the rollback undoes). */
  readonly changes: readonly string[];
  /** Tables and columns whose rows the migration drops: the rollback re-creates them empty. */
  readonly notRecoverable: readonly string[];
  /** The generated rollback, proven on the shadow: run it, compare, apply the migration again, compare. */
  readonly roundTrip: RollbackTrip;
  readonly shadow: CheckResult['shadow'];
  readonly findings: readonly Finding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number };
  readonly timings: Timings;
}
