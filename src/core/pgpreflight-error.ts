import type { ExitCode } from './exit-code.js';

/**
 * Stable error codes. They are part of the public API: scripts match on them, so a code is never
 * renamed, only added.
 */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_SYNTAX'
  | 'CONFIG_INVALID'
  | 'ENV_NOT_FOUND'
  | 'URL_MISSING'
  | 'URL_INVALID'
  | 'DIR_NOT_FOUND'
  | 'NO_MIGRATIONS'
  | 'LAYOUT_UNKNOWN'
  | 'LAYOUT_AMBIGUOUS'
  | 'MIGRATION_READ_FAILED'
  | 'MIGRATION_INVALID'
  | 'MIGRATION_DUPLICATE'
  | 'LOG_READ_FAILED'
  | 'DB_UNREACHABLE'
  | 'DB_AUTH_FAILED'
  | 'DB_NOT_FOUND'
  | 'DB_QUERY_FAILED'
  | 'DB_TIMEOUT'
  | 'SHADOW_FAILED'
  | 'SHADOW_NOT_CACHED'
  | 'INTERRUPTED'
  | 'DEPLOY_REFUSED'
  | 'DEPLOY_BLOCKED'
  | 'DEPLOY_LOCKED'
  | 'INTERNAL'
  | 'PG_TOOL_NOT_FOUND'
  | 'PG_TOOL_TOO_OLD'
  | 'BACKUP_FAILED'
  | 'BACKUP_INVALID'
  | 'RESTORE_FAILED'
  | 'TARGET_NOT_EMPTY'
  | 'TARGET_UNSUPPORTED'
  | 'CONFIRMATION_REQUIRED'
  | 'TRANSACTION_ENDED'
  | 'FOLDER_IN_USE';

/** Exit codes per SPEC: 2 for misuse and configuration, 3 for the environment. */
const exitCodeOf: Readonly<Record<ErrorCode, ExitCode>> = {
  USAGE: 2,
  CONFIG_NOT_FOUND: 2,
  CONFIG_SYNTAX: 2,
  CONFIG_INVALID: 2,
  ENV_NOT_FOUND: 2,
  URL_MISSING: 2,
  URL_INVALID: 2,
  DIR_NOT_FOUND: 2,
  NO_MIGRATIONS: 2,
  LAYOUT_UNKNOWN: 2,
  LAYOUT_AMBIGUOUS: 2,
  // A project that cannot be read (a Prisma folder without migration.sql) is the project's problem, not the database's.
  MIGRATION_READ_FAILED: 2,
  // A migration file pgpreflight refuses to send as it is (invalid UTF-8, a NUL byte), or two files with one id.
  MIGRATION_INVALID: 2,
  MIGRATION_DUPLICATE: 2,
  LOG_READ_FAILED: 3,
  DB_UNREACHABLE: 3,
  DB_AUTH_FAILED: 3,
  DB_NOT_FOUND: 3,
  DB_QUERY_FAILED: 3,
  DB_TIMEOUT: 3,
  SHADOW_FAILED: 3,
  SHADOW_NOT_CACHED: 3,
  INTERRUPTED: 3,
  // A refusal of deploy, rollback or resolve: the change must not ship as asked (SPEC exit code 1).
  DEPLOY_REFUSED: 1,
  // Blocking sessions or another deploy held on past the wait limit: the environment, not the change.
  DEPLOY_BLOCKED: 3,
  DEPLOY_LOCKED: 3,
  INTERNAL: 3,
  PG_TOOL_NOT_FOUND: 3,
  PG_TOOL_TOO_OLD: 3,
  BACKUP_FAILED: 3,
  BACKUP_INVALID: 2,
  RESTORE_FAILED: 3,
  TARGET_NOT_EMPTY: 2,
  TARGET_UNSUPPORTED: 2,
  CONFIRMATION_REQUIRED: 2,
  // A text from the config ended the transaction that must enclose it (read-only work, a workflow).
  TRANSACTION_ENDED: 2,
  // A pglite: folder or the shadow cache another live process holds open.
  FOLDER_IN_USE: 3,
};

export interface PgPreflightErrorOptions {
  /** What the user should do next; printed after the message on the same line. */
  readonly hint?: string;
  readonly cause?: unknown;
  /** SQLSTATE when the error came from PostgreSQL. */
  readonly sqlState?: string;
}

/**
 * The only error type that crosses layer boundaries. Everything else is wrapped into one of these
 * before it reaches the CLI, so every failure prints one line with a code and a hint.
 */
export class PgPreflightError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly sqlState: string | undefined;

  constructor(code: ErrorCode, message: string, options: PgPreflightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PgPreflightError';
    this.code = code;
    this.hint = options.hint;
    this.sqlState = options.sqlState;
  }

  get exitCode(): ExitCode {
    return exitCodeOf[this.code];
  }
}

export function isPgPreflightError(value: unknown): value is PgPreflightError {
  return value instanceof PgPreflightError;
}
