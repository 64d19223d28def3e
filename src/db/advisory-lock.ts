import { PgPreflightError } from '../core/pgpreflight-error.js';
import { sleep } from '../core/sleep.js';
import type { DatabaseClient } from './database-client.js';

export interface LockHolder {
  readonly pid: number;
  readonly application: string;
  readonly user: string;
  readonly heldForMs: number | null;
}

export interface AcquireLockOptions {
  /** Give up after this long (default 60 s). */
  readonly waitMs?: number;
  /** Called while another session holds the lock, after each poll. */
  readonly onWait?: (waitedMs: number, holder: LockHolder | undefined) => void;
  /** Stop waiting (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface AdvisoryLock {
  readonly key: number;
  /** Still held by this session (the connection may have been killed). */
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * A session-level advisory lock, taken with `pg_try_advisory_lock` polled with back-off, on a
 * connection that stays outside any transaction. Never the blocking `pg_advisory_lock`: a session
 * waiting in it holds a snapshot, and `CREATE INDEX CONCURRENTLY` in the session that owns the lock
 * waits for every such snapshot — the two would wait for each other forever.
 */
export async function acquireAdvisoryLock(client: DatabaseClient, key: number, options: AcquireLockOptions = {}): Promise<AdvisoryLock> {
  const waitMs = options.waitMs ?? 60_000;
  const started = Date.now();
  let delay = 100;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
    if (rows[0]?.locked) break;
    const waited = Date.now() - started;
    const holder = await lockHolder(client, key);
    options.onWait?.(waited, holder);
    if (waited >= waitMs || options.signal?.aborted) {
      throw new PgPreflightError(
        'DEPLOY_LOCKED',
        `another deploy holds the migration lock (advisory lock ${key})${holder ? ` — pid ${holder.pid}, ${holder.application || 'no application name'}, user ${holder.user}` : ''}; gave up after ${Math.round(waited / 1000)} s`,
        { hint: 'wait for it to finish (pgpreflight status shows what it applied), or raise --lock-wait' },
      );
    }
    await sleep(Math.min(delay, Math.max(0, waitMs - waited)), options.signal);
    delay = Math.min(2_000, Math.round(delay * 1.6 + Math.random() * 50));
  }
  return {
    key,
    isHeld: async () => {
      const { rows } = await client.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
            AND classid = ($1::bigint >> 32)::oid AND objid = ($1::bigint & 4294967295)::oid AND objsubid = 1) AS held`,
        [key],
      );
      return rows[0]?.held === true;
    },
    release: async () => {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    },
  };
}

async function lockHolder(client: DatabaseClient, key: number): Promise<LockHolder | undefined> {
  const { rows } = await client.query<{ pid: number; application: string | null; user: string | null; held_ms: number | null }>(
    `SELECT l.pid, a.application_name AS application, a.usename AS user,
            (extract(epoch FROM now() - a.backend_start) * 1000)::float8 AS held_ms
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
        AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid AND l.objsubid = 1
      LIMIT 1`,
    [key],
  );
  const row = rows[0];
  return row ? { pid: row.pid, application: row.application ?? '', user: row.user ?? '', heldForMs: row.held_ms } : undefined;
}
