import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';

/** A PostgreSQL client program that took part, and its version. */
export interface PgToolUsed {
  readonly path: string;
  readonly version: string;
}

/** What `pg_restore --list` read from an archive. */
export interface ArchiveSummary {
  /** Entries in the archive's table of contents (the header's "TOC Entries"). */
  readonly tocEntries: number;
  /** Objects pg_restore would restore (the listed lines). */
  readonly objects: number;
  readonly tables: number;
  /** Tables whose rows are in the archive. */
  readonly tableData: number;
}

export interface BackupResult {
  readonly command: 'backup';
  readonly target: TargetInfo;
  /** Absolute path of the verified archive (custom format, mode 0600). */
  readonly file: string;
  readonly bytes: number;
  readonly archive: ArchiveSummary;
  readonly server: { readonly version: string; readonly versionNum: number };
  readonly pgDump: PgToolUsed;
  readonly pgRestore: PgToolUsed;
  readonly timings: Timings;
}
