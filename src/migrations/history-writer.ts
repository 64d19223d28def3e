import type { DatabaseClient } from '../db/database-client.js';
import type { SqlExecutionError } from '../db/sql-execution-error.js';
import type { HistoryEntry, Migration } from './migration.js';

export interface HistorySession {
  /** Prisma's `?schema=`: the schema its history table and unqualified names live in. */
  readonly schema?: string;
}

/** What a writer needs to record one applied migration. */
export interface AppliedInfo {
  readonly durationMs: number;
}

/**
 * How one migration tool records what it applies, statement for statement, so that after a
 * pgpreflight deploy the tool's own `status` agrees with ours — and a failure leaves exactly the
 * state the tool would leave.
 */
export interface HistoryWriter {
  /**
   * The `pg_try_advisory_lock` key the tool itself takes while it deploys (Prisma: 72707369), so a
   * concurrent run of the tool is excluded too; tools without one get pgpreflight's own key.
   */
  readonly lockKey: number;
  /**
   * True when the tool writes its history row in the migration's own transaction (a crash leaves
   * neither); false when it writes a row before applying and updates it afterwards (Prisma).
   */
  readonly recordsWithMigration: boolean;
  /** Session settings the tool sets before applying each migration (search_path, RESET ALL). */
  prepareSession(db: DatabaseClient, session: HistorySession): Promise<void>;
  /** Creates the history table as the tool does, or refuses where the tool would (Prisma P3005). */
  ensureTable(db: DatabaseClient, session: HistorySession): Promise<void>;
  /** Before the first statement, committed on its own (Prisma's started row); returns its handle. */
  started(db: DatabaseClient, migration: Migration): Promise<string | undefined>;
  /** The migration applied. Called inside its last transaction when `recordsWithMigration`. */
  succeeded(db: DatabaseClient, migration: Migration, handle: string | undefined, info: AppliedInfo): Promise<void>;
  /** The migration failed; `logs` is the error as the tool would word it. */
  failed(db: DatabaseClient, migration: Migration, handle: string | undefined, logs: string): Promise<void>;
  /**
   * The error text the tool records for a failure (Prisma's P3018 body). `offset` is where the
   * failing step starts in the file, since PostgreSQL's error position counts from the step.
   */
  failureLogs(migration: Migration, error: SqlExecutionError, offset: number): string;
  /** Its rollback ran: the history must say "not applied" so the next deploy applies it again. */
  rolledBack(db: DatabaseClient, migration: Migration, entry: HistoryEntry | undefined): Promise<void>;
  /** Recorded as applied without running it (`prisma migrate resolve --applied`, `supabase migration repair`). */
  markApplied(db: DatabaseClient, migration: Migration): Promise<void>;
}

/** pgpreflight's own advisory-lock key for tools that take none: hashtext('pgpreflight') is not stable across versions, a constant is. */
export const PGPREFLIGHT_LOCK_KEY = 7_263_526_985;

/** The failure text for tools that record none: what a person reads in pgpreflight's own output. */
export function plainFailureLogs(
  _migration: Migration,
  error: { readonly sqlState: string; readonly message: string; readonly detail?: string },
): string {
  return `ERROR: ${error.message} (SQLSTATE ${error.sqlState})${error.detail ? `\nDETAIL: ${error.detail}` : ''}`;
}
