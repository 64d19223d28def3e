import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { MigrationFormatId, MigrationState, MigrationStatus } from '../migrations/migration.js';
import type { StatusDrift } from './drift-result.js';

// Result types live with the renderers that read them: commands build them, report renders them,
// and neither layer has to import the other's code.

export type StatusCounts = Readonly<Record<MigrationStatus, number>>;

export interface StatusResult {
  readonly command: 'status';
  readonly target: TargetInfo;
  readonly layout: {
    readonly format: MigrationFormatId;
    readonly tool: string;
    readonly migrationsDir: string;
    readonly historyTable: string;
    readonly historyTableExists: boolean;
  };
  readonly migrations: readonly MigrationState[];
  readonly findings: readonly Finding[];
  /** The schema against the applied migrations, in one line (absent with --no-drift). */
  readonly drift?: StatusDrift;
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly total: number;
    readonly upToDate: boolean;
  } & StatusCounts;
  readonly timings: Timings;
}
