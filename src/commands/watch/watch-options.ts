import type { ServerLogFormat } from '../../analysis/watch/watch-event.js';
import type { WatchThresholds } from '../../analysis/watch/watch-thresholds.js';
import type { WatchAlert } from '../../core/watch-records.js';
import type { MigrationFormatId } from '../../migrations/migration.js';
import type { WatchProgress } from '../../report/watch-result.js';
import type { AlertHook } from './run-alert-hook.js';

export interface WatchOptions {
  readonly dir?: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** The target: its history says what was deployed; its statistics are polled while following. */
  readonly url?: string;
  readonly environment?: string;
  /** PostgreSQL server logs: a file, or the log folder (the newest file is followed). */
  readonly serverLogs?: readonly { readonly path: string; readonly format?: ServerLogFormat }[];
  /** Application logs (JSON lines or text) in files. */
  readonly appLogs?: readonly string[];
  /** Application log lines arriving on a stream (the CLI's --stdin). */
  readonly stdin?: AsyncIterable<Buffer | string>;
  /** Follow the sources for this long; without it every source is read once to its end. */
  readonly followMs?: number;
  /** Watch events from this time on (epoch ms), or from the deploy; default: the deploy, else the start. */
  readonly since?: number | 'deploy';
  /** Migrations applied at or after this time are the deploy (default: the newest batch in history). */
  readonly sinceDeploy?: number;
  /** The deployed migrations, named (needs no target). */
  readonly migrations?: readonly string[];
  /** How long before the window the baseline reaches (default 1 h). */
  readonly baselineMs?: number;
  readonly thresholds?: Partial<WatchThresholds>;
  /** Poll the target's statistics while following (default: yes when there is a target). */
  readonly poll?: boolean;
  readonly pollIntervalMs?: number;
  /** Show row values in samples instead of `…`. */
  readonly showValues?: boolean;
  readonly onAlert?: AlertHook;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WatchProgress) => void;
  readonly progressIntervalMs?: number;
  /** Called as each alert is raised, before the hook runs. */
  readonly onAlertRaised?: (alert: WatchAlert) => void;
  readonly cacheDir?: string;
  readonly shadowUrl?: string;
}
