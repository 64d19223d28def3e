import type { Effect } from '../catalog/effect.js';
import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { MigrationStatus } from '../migrations/migration.js';

export type SafetyLevel = 1 | 2 | 3;

/** An effect with the statement that produced it and the sentence a person reads. */
export interface CheckedEffect {
  readonly kind: Effect['kind'];
  readonly summary: string;
  readonly line?: number;
  readonly column?: number;
  /** True when the statement was found by elimination (a DO block, a function call), not by name. */
  readonly inferred?: boolean;
  readonly effect: Effect;
}

export type CheckOutcome =
  /** Applied on the shadow; effects, probes and level are known. */
  | 'checked'
  /** Does not parse, or PostgreSQL rejected it on the shadow. */
  | 'fails-on-shadow'
  /** Comes after one that failed: what it would do cannot be known. */
  | 'not-checked';

export interface CheckedMigration {
  readonly id: string;
  readonly path: string;
  readonly status: MigrationStatus;
  readonly checksum: string;
  readonly outcome: CheckOutcome;
  /** SPEC "Safety levels"; null when not applied on the shadow. */
  readonly level: SafetyLevel | null;
  readonly levelReasons: readonly string[];
  readonly effects: readonly CheckedEffect[];
  /** Where its rollback is, or why it has none (checked migrations only). */
  readonly rollback?: CheckedRollback;
}

/** A migration's rollback as `check` finds it; `rehearse` runs it (RollbackTrip). */
export type CheckedRollback =
  | { readonly outcome: 'present'; readonly rollback: string }
  | { readonly outcome: 'missing'; readonly expected: string }
  | { readonly outcome: 'irreversible'; readonly reason: string };

export interface CheckResult {
  readonly command: 'check';
  /** Null when no target was given: the shadow alone was used and data probes were skipped. */
  readonly target: TargetInfo | null;
  readonly layout: {
    readonly format: string;
    readonly tool: string;
    /** Paths of migrations and findings are relative to this folder. */
    readonly projectRoot: string;
    readonly migrationsDir: string;
  };
  /** How the pending migrations were chosen (see select-pending.ts). */
  readonly basis: 'target history' | 'named' | 'latest';
  readonly shadow: {
    /** embedded: PGlite, cached; server: a scratch database on --shadow-url, dropped after the run. */
    readonly kind: 'embedded' | 'server';
    readonly fromCache: boolean;
    readonly replayed: number;
    readonly notes: readonly string[];
    readonly database?: string;
    readonly host?: string;
  };
  readonly probes: { readonly ran: boolean; readonly count: number; readonly skippedReason?: string };
  readonly migrations: readonly CheckedMigration[];
  readonly findings: readonly Finding[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly pending: number;
    /** The highest level among the checked migrations; null when none was checked. */
    readonly level: SafetyLevel | null;
  };
  readonly timings: Timings;
}
