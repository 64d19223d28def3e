/** Where an event was read: the server's own log, the application's log, or the database's statistics. */
export type WatchSourceKind = 'server-log' | 'app-log';

/** The PostgreSQL log formats `log_destination` writes. */
export type ServerLogFormat = 'csvlog' | 'jsonlog' | 'stderr';

/**
 * One failed statement as a log reports it, before classification. Every field but `message` is
 * optional: a server log names the constraint only inside the message, node-postgres reports it as
 * a field, Prisma as `meta`.
 */
export interface WatchEvent {
  /** Epoch milliseconds from the line itself; null when the line carries no time. */
  readonly at: number | null;
  /** SQLSTATE when the source gives one (csvlog, jsonlog, node-postgres); inferred later otherwise. */
  readonly sqlState: string | null;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
  /** Where the error was raised: "PL/pgSQL function f() line 4 at SQL statement". */
  readonly context?: string;
  readonly statement?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  /** Columns an application error names without a constraint (Prisma's `meta.target` fields). */
  readonly columns?: readonly string[];
  readonly constraint?: string;
  /** Prisma's error code (P2002…), when the event came from Prisma. */
  readonly prismaCode?: string;
  /** The database the server log line belongs to (csvlog, jsonlog). */
  readonly database?: string;
}
