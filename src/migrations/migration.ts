export type MigrationFormatId = 'prisma' | 'supabase' | 'sql';

/** One migration file on disk, as its tool sees it. */
export interface Migration {
  /** What people call it and what `--format json` shows: Prisma's folder name, the file stem otherwise. */
  readonly id: string;
  /** The value the tool writes in its history table (Prisma: folder name; Supabase: version). */
  readonly historyKey: string;
  readonly name: string;
  /** Relative to the project root, with forward slashes. */
  readonly path: string;
  readonly absolutePath: string;
  /** The tool's own checksum where it has one, else sha256 hex of the file bytes. */
  readonly checksum: string;
  /** What runs: the file, or for a dbmate file its `-- migrate:up` section (other lines blank). */
  readonly sql: string;
  /**
   * A dbmate file's `-- migrate:down` section (other lines blank; '' when it holds no statement):
   * the rollback lives in the migration file itself. Absent for every other convention.
   */
  readonly downSection?: string;
}

export type MigrationStatus = 'applied' | 'pending' | 'failed' | 'rolled-back' | 'modified' | 'missing';

/** What the history table says about one migration, reduced to one entry per key by its format. */
export interface HistoryEntry {
  readonly key: string;
  readonly name: string | null;
  readonly state: 'applied' | 'failed' | 'rolled-back';
  /** The checksum recorded at apply time; null when the tool records none. */
  readonly checksum: string | null;
  /** ISO 8601; when the tool records it. */
  readonly appliedAt: string | null;
  /** Failure output the tool recorded (Prisma's `logs`). */
  readonly logs: string | null;
}

export interface HistoryReading {
  /** The table (qualified) read; a missing table means nothing was applied, not an error. */
  readonly table: string;
  readonly tableExists: boolean;
  readonly entries: readonly HistoryEntry[];
  /** Things a person should know, e.g. columns this version of the tool did not expect. */
  readonly warnings: readonly string[];
  /**
   * Another tool's history table on a target this format has recorded nothing in (plain SQL next to
   * golang-migrate's or dbmate's `schema_migrations`, Flyway's `flyway_schema_history`): what the
   * target applied is recorded there, not here.
   */
  readonly foreignHistory?: { readonly table: string; readonly tool: string };
}

/** A migration with its status: one row of `status`. */
export interface MigrationState {
  readonly id: string;
  readonly name: string;
  /** Null for `missing`: recorded in history, absent on disk. */
  readonly path: string | null;
  readonly status: MigrationStatus;
  readonly checksum: string | null;
  readonly appliedChecksum: string | null;
  readonly appliedAt: string | null;
  readonly logs: string | null;
}
