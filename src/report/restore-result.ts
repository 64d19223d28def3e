import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { ArchiveSummary, PgToolUsed } from './backup-result.js';

export interface RestoreResult {
  readonly command: 'restore';
  /** The destination. */
  readonly target: TargetInfo;
  readonly file: string;
  readonly bytes: number;
  /** The archive's contents, as pg_restore --list read them before anything was restored. */
  readonly archive: ArchiveSummary & { readonly dumpedFrom?: string; readonly dumpedBy?: string };
  /** The destination database was created for the restore (--create). */
  readonly created: boolean;
  /** Objects the archive holds were dropped first (--clean). */
  readonly cleaned: boolean;
  /** Tables in the destination before and after. */
  readonly tablesBefore: number;
  readonly tablesAfter: number;
  readonly pgRestore: PgToolUsed;
  /** How a production destination was confirmed; absent for other targets. */
  readonly confirmedBy?: string;
  readonly timings: Timings;
}
