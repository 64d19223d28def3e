import type { Finding } from '../core/finding.js';

/**
 * What happened to a rolled-out migration's changes after it failed:
 * - transaction-rolled-back: it ran in one transaction, so PostgreSQL undid all of it;
 * - rollback-succeeded: its rollback script ran and the previous definitions are back;
 * - rollback-failed: its rollback ran and failed — the database may hold part of the change;
 * - no-rollback: nothing was undone (no rollback exists, or it was not safe to run);
 * - not-attempted: deploy stopped before anything needed undoing.
 */
export type RollbackOutcome = 'transaction-rolled-back' | 'rollback-succeeded' | 'rollback-failed' | 'no-rollback' | 'not-attempted';

export interface IncidentTimelineEntry {
  /** ISO 8601. */
  readonly at: string;
  readonly what: string;
}

/**
 * The facts an incident report is written from: plain data, so `deploy` fills it from its run and
 * `incident` from a saved JSON report or the target's history. Every field is optional except the
 * lists; what is unknown becomes a prompt for a person. Never holds a password: `target` is the
 * description a person is shown (user@host:port/database).
 */
export interface IncidentInput {
  readonly environment?: string;
  readonly target?: string;
  readonly migration?: { readonly id: string; readonly path?: string };
  /** The statement that failed: its text and line in the migration file. */
  readonly statement?: {
    readonly text?: string;
    readonly line?: number;
    /** Found by the constraint's name rather than by the error's position. */
    readonly inferred?: boolean;
  };
  readonly sqlState?: string;
  readonly constraint?: string;
  readonly table?: string;
  /** PostgreSQL's message, its DETAIL and HINT. */
  readonly message?: string;
  readonly detail?: string;
  readonly hint?: string;
  /** Rows involved (violating the constraint, or changed before the failure), and the query that lists them. */
  readonly rows?: { readonly count: number; readonly query?: string };
  /** pgpreflight's findings about the migration (check, rehearse). */
  readonly findings: readonly Finding[];
  /** Error-level findings a person accepted past deploy's check gate, with the reason given. */
  readonly accepted?: readonly { readonly finding: Finding; readonly reason: string }[];
  /** The critical workflow that passed before the change and failed after it (its write was rejected). */
  readonly workflow?: string;
  readonly rollback?: { readonly outcome: RollbackOutcome; readonly file?: string; readonly detail?: string };
  readonly backup?: { readonly file?: string; readonly bytes?: number };
  /** How the migration tool's history records the migration now, and where. */
  readonly history?: { readonly table: string; readonly state: string };
  readonly timeline: readonly IncidentTimelineEntry[];
  /** Where the facts were read: "_prisma_migrations on production", "--from check.json". */
  readonly sources: readonly string[];
  /** When it broke (ISO 8601); the report's date when known. */
  readonly occurredAt?: string;
}
