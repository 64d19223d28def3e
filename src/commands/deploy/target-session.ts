import { connectTarget } from '../../db/connect-target.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { TargetInfo } from '../../db/describe-target.js';
import type { TargetSpec } from '../../db/target-url.js';

/**
 * The connections a deploy holds on its target: one that applies migrations and one that only
 * holds the advisory lock, outside any transaction, and can cancel the other's statement on Ctrl-C.
 * An embedded (pglite:) target has a single connection, which plays both parts.
 */
export interface TargetSession {
  readonly info: TargetInfo;
  readonly apply: DatabaseClient;
  readonly lock: DatabaseClient;
  /** Backend pids of our own connections: never counted as blockers. */
  readonly pids: readonly number[];
  /** Cancels the statement the apply connection is running (pg_cancel_backend from the lock connection). */
  cancelApply(): Promise<void>;
  close(): Promise<void>;
}

export async function openTargetSession(spec: TargetSpec, environment?: string): Promise<TargetSession> {
  const apply = await connectTarget(spec, environment, { writable: true });
  if (apply.client.dialect === 'pglite') {
    return {
      info: apply.info,
      apply: apply.client,
      lock: apply.client,
      pids: [],
      cancelApply: async () => undefined,
      close: () => apply.client.close(),
    };
  }
  let lock;
  try {
    lock = await connectTarget(spec, environment, { writable: true });
  } catch (error) {
    await apply.client.close();
    throw error;
  }
  const pidOf = async (client: DatabaseClient): Promise<number> =>
    (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const applyPid = await pidOf(apply.client);
  const lockPid = await pidOf(lock.client);
  return {
    info: apply.info,
    apply: apply.client,
    lock: lock.client,
    pids: [applyPid, lockPid],
    cancelApply: async () => {
      await lock.client.query('SELECT pg_cancel_backend($1)', [applyPid]).catch(() => undefined);
    },
    close: async () => {
      await Promise.allSettled([apply.client.close(), lock.client.close()]);
    },
  };
}
