import type { ActivityReport } from '../catalog/activity-report.js';
import type { DeployedChange } from '../catalog/deployed-change.js';
import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { EventGroup, WatchAlert } from '../core/watch-records.js';
import type { TargetInfo } from '../db/describe-target.js';

export type { EventGroup as WatchEventGroup, WatchAlert } from '../core/watch-records.js';
export type { ActivityReport as WatchActivity } from '../catalog/activity-report.js';

export interface WatchSourceReport {
  readonly kind: 'server-log' | 'app-log' | 'database';
  /** The file or folder, `stdin`, or the database. */
  readonly label: string;
  readonly format?: 'csvlog' | 'jsonlog' | 'stderr' | 'json-lines' | 'supabase-csv';
  readonly bytes: number;
  /** Error events read (before and after the window start). */
  readonly events: number;
  readonly rotations: number;
  /** Server-log events of other databases on the same server, left out. */
  readonly otherDatabases?: number;
}

export interface WatchHookCall {
  readonly alert: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly ms: number;
}

/** SPEC `watch`: the document `--format json` prints. */
export interface WatchResult {
  readonly command: 'watch';
  readonly target: TargetInfo | null;
  /** `once`: the logs read to their current end (--since); `follow`: read as they grow for a duration (--for). */
  readonly mode: 'once' | 'follow';
  readonly window: {
    /** Events from here on are watched; null: every event read. */
    readonly from: string | null;
    readonly fromBasis: 'since' | 'deploy' | 'start' | 'none';
    readonly to: string;
    /** The baseline is [baselineFrom, from). */
    readonly baselineFrom: string | null;
    readonly followMs: number | null;
  };
  readonly deploy: {
    readonly basis: 'history' | 'since-deploy' | 'named' | 'none';
    readonly deployedAt: string | null;
    readonly migrations: readonly { readonly id: string; readonly appliedAt: string | null }[];
    readonly changes: readonly DeployedChange[];
    readonly notes: readonly string[];
  };
  readonly sources: readonly WatchSourceReport[];
  /** Each failure once (same SQLSTATE, same object), caused-by-deploy first. */
  readonly groups: readonly EventGroup[];
  /** The statistics poller's rates; null when it did not run. */
  readonly activity: ActivityReport | null;
  readonly alerts: readonly WatchAlert[];
  readonly hooks: readonly WatchHookCall[];
  /** One error per alert, warnings for hooks that failed and notes. */
  readonly findings: readonly Finding[];
  /** Commands to run when something was caused by the deploy. */
  readonly next: { readonly rollback: readonly string[]; readonly incident: string } | null;
  /** Row values in samples are shown (--show-values) or replaced by `…`. */
  readonly valuesShown: boolean;
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    /** Events in the window, per failure the largest count of any source. */
    readonly events: number;
    readonly kinds: number;
    readonly causedByDeploy: number;
    readonly alerts: number;
  };
  readonly timings: Timings;
}

/** What the live view shows while following. */
export interface WatchProgress {
  readonly elapsedMs: number;
  readonly remainingMs: number | null;
  readonly sources: readonly WatchSourceReport[];
  readonly groups: readonly EventGroup[];
  readonly alerts: number;
  readonly activity: ActivityReport | null;
}
