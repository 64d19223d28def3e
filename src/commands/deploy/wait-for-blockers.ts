import { describeBlocker, findBlockers, type Blocker, type BlockerThresholds } from '../../analysis/blockers/find-blockers.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { sleep } from '../../core/sleep.js';
import type { DatabaseClient } from '../../db/database-client.js';

export interface WaitForBlockersOptions {
  readonly waitMs: number;
  readonly ignorePids: readonly number[];
  readonly thresholds?: Partial<BlockerThresholds>;
  /** Each second while blockers remain: the countdown a person watches. */
  readonly onWait?: (remainingMs: number, blockers: readonly Blocker[]) => void;
  readonly signal?: AbortSignal;
}

/**
 * Before any lock is taken: waits (polling each second, up to `waitMs`) until no session would make
 * the migrations queue, then returns; otherwise aborts without having locked anything, naming every
 * blocking session (pid, application, age, query).
 */
export async function waitForBlockers(
  db: DatabaseClient,
  tables: readonly { readonly schema?: string; readonly name: string }[],
  options: WaitForBlockersOptions,
): Promise<{ waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const blockers = await findBlockers(db, tables, {
      ignorePids: options.ignorePids,
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    });
    const waited = Date.now() - started;
    if (blockers.length === 0) return { waitedMs: waited };
    if (waited >= options.waitMs || options.signal?.aborted) {
      throw new PgPreflightError(
        'DEPLOY_BLOCKED',
        `aborted before taking any lock: ${blockers.length} session(s) would block the migrations after waiting ${Math.round(waited / 1000)} s — ${blockers.map(describeBlocker).join('; ')}`,
        { hint: 'end or wait for those sessions (pg_terminate_backend if they are stuck), or raise --blocker-wait, then deploy again' },
      );
    }
    options.onWait?.(options.waitMs - waited, blockers);
    await sleep(Math.min(1_000, options.waitMs - waited), options.signal);
  }
}
