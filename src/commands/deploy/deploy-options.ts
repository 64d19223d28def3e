import type { BlockerThresholds } from '../../analysis/blockers/find-blockers.js';
import type { Blocker } from '../../analysis/blockers/find-blockers.js';
import type { Workflow } from '../../analysis/workflows/run-workflow.js';
import type { TargetInfo } from '../../db/describe-target.js';
import type { LockHolder } from '../../db/advisory-lock.js';
import type { ApplyEvent, ApplySettings } from '../../migrations/apply/apply-migration.js';
import type { MigrationFormatId } from '../../migrations/migration.js';
import type { SafetyLevel } from '../../report/check-result.js';
import type { AcceptedFinding } from '../../report/deploy-result.js';
import type { CheckOptions } from '../check/check.js';
import type { WatchOptions } from '../watch/watch-options.js';
import type { WatchProgress } from '../../report/watch-result.js';
import type { DeployVerifyOptions } from './deploy-verify.js';

/** What deploy passes on to `watch`: the sources and thresholds; the target and migrations are deploy's. */
export type DeployWatchOptions = Omit<
  WatchOptions,
  'url' | 'environment' | 'dir' | 'dirLabel' | 'format' | 'migrations' | 'since' | 'signal'
>;

/** What a person confirms before a production deploy: where, and what. */
export interface DeployPlan {
  readonly target: TargetInfo;
  readonly migrations: readonly { readonly id: string; readonly level: SafetyLevel | null }[];
}

export type DeployProgress =
  | { readonly phase: 'check' }
  | { readonly phase: 'lock'; readonly waitedMs: number; readonly holder?: LockHolder }
  | { readonly phase: 'blockers'; readonly remainingMs: number; readonly blockers: readonly Blocker[] }
  | { readonly phase: 'backup' }
  | { readonly phase: 'workflows' }
  | { readonly phase: 'apply'; readonly event: ApplyEvent }
  | { readonly phase: 'verify' }
  | { readonly phase: 'rollback'; readonly migration: string }
  | { readonly phase: 'watch'; readonly progress: WatchProgress };

export interface DeployOptions {
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  readonly url: string;
  readonly environment?: string;
  /** The environment is marked `production: true` (or the URL is a production one). */
  readonly production: boolean;
  readonly accept?: readonly AcceptedFinding[];
  /**
   * Production: asked once gates passed, with the plan; false stops the deploy. The CLI asks the
   * person to type the database name, or accepts `--yes` with an explicit `--env`.
   */
  readonly confirm?: (plan: DeployPlan) => Promise<boolean>;
  /** Stop after the gates: print the plan, take no lock, apply nothing. */
  readonly planOnly?: boolean;
  /** Take a verified pg_dump first (always on production). */
  readonly backup?: boolean;
  readonly backupDir?: string;
  readonly pgDump?: string;
  readonly apply?: Partial<ApplySettings>;
  /** How long to wait for blocking sessions to go away (default 60 s). */
  readonly blockerWaitMs?: number;
  readonly blockerThresholds?: Partial<BlockerThresholds>;
  /** How long to wait for another deploy's lock (default 10 min). */
  readonly lockWaitMs?: number;
  readonly workflows?: readonly Workflow[];
  /** Level 3 on production needs a green rehearsal recorded on this environment. */
  readonly staging?: { readonly environment: string; readonly url: string };
  /** Config `drift.allow`: known drift a production deploy accepts (anything else refuses it). */
  readonly driftAllow?: readonly { readonly object: string; readonly reason: string }[];
  /** The runbook's verify step after applying (compared with the same checks before); omit to skip. */
  readonly verify?: DeployVerifyOptions;
  /** Follow the logs after a successful deploy (`--watch 15m`): an alert fails the deploy's exit code. */
  readonly watch?: DeployWatchOptions;
  readonly check?: Pick<CheckOptions, 'shadowUrl' | 'cacheDir' | 'source' | 'severities' | 'thresholds' | 'probeTimeoutMs'>;
  /** Who runs it (CI actor or OS user), recorded in pgpreflight.runs. */
  readonly actor?: string;
  readonly onProgress?: (event: DeployProgress) => void;
  /** Aborts waits and cancels the running statement (Ctrl-C). */
  readonly signal?: AbortSignal;
}
