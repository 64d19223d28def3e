import type { DatabaseClient } from '../db/database-client.js';
import { readLocks, type HeldLock } from './read-locks.js';

/** A lock a sampler saw the observed backend hold while one statement ran. */
export interface SampledLock extends HeldLock {
  /** The statement it was seen under (the index given to `running`). */
  readonly statement: number;
  /** `performance.now()` of the first and the last poll that saw it. */
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
}

export interface LockSampler {
  /** The observed backend starts statement `index`; undefined: it is between statements (no polling). */
  running(index: number | undefined): void;
  /** Stops polling and returns every lock seen, per statement. */
  stop(): Promise<readonly SampledLock[]>;
}

/**
 * Polls `pg_locks` for another backend from its own connection while that backend runs a
 * statement: how a lock taken and released inside one statement (CREATE INDEX CONCURRENTLY's
 * session lock, VACUUM's) is seen at all. Polls back to back at first, then less often, so a long
 * statement does not turn into tens of thousands of queries. A poll answered after the statement
 * changed is dropped rather than misattributed. A failing monitor connection ends the sampling,
 * never the work it watches.
 */
export function startLockSampler(monitor: DatabaseClient, pid: number): LockSampler {
  let current: number | undefined;
  let since = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const seen = new Map<string, SampledLock>();
  const idle = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  const loop = (async (): Promise<void> => {
    while (!stopped) {
      const statement = current;
      if (statement === undefined) {
        await idle();
        continue;
      }
      let locks: HeldLock[];
      try {
        locks = await readLocks(monitor, pid);
      } catch {
        return;
      }
      const at = performance.now();
      if (current !== statement) continue;
      for (const lock of locks) {
        const key = `${statement}|${lock.oid}|${lock.mode}`;
        const previous = seen.get(key);
        seen.set(key, {
          ...lock,
          relation: lock.relation ?? previous?.relation ?? null,
          statement,
          firstSeenAt: previous?.firstSeenAt ?? at,
          lastSeenAt: at,
        });
      }
      const running = at - since;
      if (running > 50) await pause(running > 1000 ? 25 : 5);
    }
  })();

  return {
    running(index) {
      current = index;
      since = performance.now();
      if (index !== undefined) wake?.();
    },
    async stop() {
      stopped = true;
      current = undefined;
      wake?.();
      await loop;
      return [...seen.values()];
    },
  };
}
