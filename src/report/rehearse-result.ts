import type { LockedRelationKind, LockMode } from '../catalog/read-locks.js';
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

/** A relation lock one statement took (server shadow only). */
export interface StatementLock {
  /** `schema.name`. */
  readonly relation: string;
  readonly kind: LockedRelationKind;
  readonly mode: LockMode;
  /**
   * From the statement's start until the lock was released: the end of the migration's transaction
   * (relation locks are kept until COMMIT), or, for a statement run alone, the last sample that saw it.
   */
  readonly heldMs: number;
  /** The relation did not exist before the migration: nothing else can be waiting for it. */
  readonly created?: true;
  /** `statement-end`: read in the same transaction right after the statement; `sampling`: seen by the second connection while it ran. */
  readonly seenBy: 'statement-end' | 'sampling';
}

/** One statement of a pending migration, applied as deploy applies it. */
export interface RehearsedStatement {
  readonly line: number;
  /** The statement's first line (shortened). */
  readonly sql: string;
  /**
   * `migration`: inside the file's one transaction; `alone`: outside any, because it cannot run
   * in a transaction block; `as-written`: the file manages its own transactions.
   */
  readonly transaction: 'migration' | 'alone' | 'as-written';
  readonly aloneBecause?: string;
  readonly outcome: 'applied' | 'failed';
  readonly ms: number;
  /** Tables that existed before the migration whose storage this statement replaced. */
  readonly rewrites: readonly string[];
  /** Relation locks taken, strongest first; absent when locks are not traced (embedded shadow). */
  readonly locks?: readonly StatementLock[];
}

export interface RehearsedMigration {
  readonly id: string;
  readonly path: string;
  readonly outcome: 'applied' | 'failed' | 'not-run';
  readonly ms: number;
  /** Tables whose storage the migration replaced (pg_class.relfilenode changed): a full rewrite. */
  readonly rewrites?: readonly string[];
  /** Each statement as it ran (absent for a migration that does not parse: it ran as one script). */
  readonly statements?: readonly RehearsedStatement[];
  readonly rollback?: RollbackTrip;
}

/** The production-shaped shadow of `rehearse --sample N`. */
export interface RehearseSample {
  readonly rowsPerTable: number;
  /** Planning, reading, masking and loading, wall milliseconds. */
  readonly ms: number;
  /**
   * Per phase: `plan` (the probes, on a second shadow), `read` (the target), `load` (the rest of the
   * loading once reading is done), `total`. Planning and loading run while the target is read.
   */
  readonly phases: Timings;
  readonly tables: readonly {
    readonly table: string;
    /** Rows loaded: sampled + flagged + parents. */
    readonly rows: number;
    readonly sampled: number;
    /** Rows a pending migration's data probe flags, beyond the sample. */
    readonly flagged: number;
    /** Rows referenced by the rows above through foreign keys, transitively. */
    readonly parents: number;
  }[];
  /** Columns replaced by deterministic fakes (`schema.table.column`). */
  readonly masked: readonly string[];
  /** Masked columns of a type without fakes, copied as NULL. */
  readonly nulled: readonly string[];
  readonly notes: readonly string[];
}

export interface RehearseResult {
  readonly command: 'rehearse';
  /** The row of `pgpreflight.runs` on the target that records this rehearsal (with --record). */
  readonly recorded: number | null;
  readonly target: TargetInfo | null;
  readonly shadow: CheckResult['shadow'];
  /** Whether per-statement locks were traced, and how (or why not). */
  readonly locks: { readonly traced: boolean; readonly how: string };
  /** With --sample: what was copied from the target. */
  readonly sample?: RehearseSample;
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
