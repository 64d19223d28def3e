import type { DatabaseClient } from '../../db/database-client.js';

export type BlockerKind = 'long-transaction' | 'idle-in-transaction' | 'pg-dump' | 'vacuum-full' | 'holds-lock';

/** A session that would make a migration queue (and everything behind it queue) if started now. */
export interface Blocker {
  readonly kind: BlockerKind;
  readonly pid: number;
  readonly application: string;
  readonly user: string;
  readonly state: string;
  /** Age of its transaction (or of its current state when it has none), in milliseconds. */
  readonly ageMs: number;
  readonly query: string;
  /** holds-lock: the table and the lock mode it holds there. */
  readonly table?: string;
  readonly mode?: string;
}

export interface BlockerThresholds {
  /** A transaction open longer than this blocks (default 60 s). */
  readonly transactionMs: number;
  /** A session idle in a transaction for longer than this blocks (default 5 s). */
  readonly idleInTransactionMs: number;
  /**
   * A lock on a table the migrations touch blocks when its transaction is older than this (default
   * 2 s); shorter ones are ordinary traffic, which lock_timeout and retries already cope with.
   */
  readonly lockHolderMs: number;
}

export const DEFAULT_BLOCKER_THRESHOLDS: BlockerThresholds = { transactionMs: 60_000, idleInTransactionMs: 5_000, lockHolderMs: 2_000 };

interface ActivityRow {
  readonly pid: number;
  readonly application: string | null;
  readonly user: string | null;
  readonly state: string | null;
  readonly xact_ms: number | null;
  readonly state_ms: number | null;
  readonly query: string | null;
  readonly backend_type: string | null;
  readonly clustering: boolean;
}

interface LockRow {
  readonly pid: number;
  readonly table: string;
  readonly mode: string;
}

/**
 * What a deploy checks before it takes any lock (pg_stat_activity, pg_locks,
 * pg_stat_progress_cluster): a long or idle-in-transaction session holds locks and snapshots an
 * ALTER TABLE would queue behind; a running pg_dump holds ACCESS SHARE on every table; VACUUM FULL
 * and CLUSTER hold ACCESS EXCLUSIVE; and any session holding a lock on a table the migrations touch.
 * Sessions in `ignorePids` (the deploy's own connections) never count.
 */
export async function findBlockers(
  db: DatabaseClient,
  tables: readonly { readonly schema?: string; readonly name: string }[],
  options: { readonly thresholds?: Partial<BlockerThresholds>; readonly ignorePids?: readonly number[] } = {},
): Promise<Blocker[]> {
  const thresholds = { ...DEFAULT_BLOCKER_THRESHOLDS, ...options.thresholds };
  const ignore = [...(options.ignorePids ?? [])];
  const { rows: activity } = await db.query<ActivityRow>(
    `SELECT a.pid, a.application_name AS application, a.usename AS user, a.state, a.backend_type,
            (extract(epoch FROM now() - a.xact_start) * 1000)::float8 AS xact_ms,
            (extract(epoch FROM now() - a.state_change) * 1000)::float8 AS state_ms,
            left(a.query, 200) AS query,
            EXISTS (SELECT 1 FROM pg_stat_progress_cluster p WHERE p.pid = a.pid) AS clustering
       FROM pg_stat_activity a
      WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND NOT (a.pid = ANY ($1::int[]))`,
    [ignore],
  );
  const names = tables.map((t) => t.name);
  const schemas = tables.map((t) => t.schema ?? null);
  const { rows: locks } = await db.query<LockRow>(
    `SELECT l.pid, format('%I.%I', n.nspname, c.relname) AS table, l.mode
       FROM pg_locks l
       JOIN pg_class c ON c.oid = l.relation
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN unnest($1::text[], $2::text[]) AS t(name, schema) ON c.relname = t.name AND (t.schema IS NULL OR n.nspname = t.schema)
      WHERE l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.pid <> pg_backend_pid() AND NOT (l.pid = ANY ($3::int[]))`,
    [names, schemas, ignore],
  );
  const blockers: Blocker[] = [];
  const byPid = new Map(activity.map((row) => [row.pid, row]));
  for (const row of activity) {
    const base = describe(row);
    if (row.application === 'pg_dump') blockers.push({ ...base, kind: 'pg-dump' });
    else if (row.clustering) blockers.push({ ...base, kind: 'vacuum-full' });
    else if (row.state?.startsWith('idle in transaction') && (row.state_ms ?? 0) >= thresholds.idleInTransactionMs)
      blockers.push({ ...base, kind: 'idle-in-transaction', ageMs: row.state_ms ?? 0 });
    else if (row.backend_type === 'client backend' && (row.xact_ms ?? 0) >= thresholds.transactionMs)
      blockers.push({ ...base, kind: 'long-transaction' });
  }
  const seen = new Set(blockers.map((b) => b.pid));
  for (const lock of locks) {
    if (seen.has(lock.pid)) continue;
    const row = byPid.get(lock.pid);
    if (row && row.backend_type === 'client backend' && (row.xact_ms ?? 0) < thresholds.lockHolderMs) continue;
    blockers.push({
      ...(row ? describe(row) : { pid: lock.pid, application: '', user: '', state: '', ageMs: 0, query: '' }),
      kind: 'holds-lock',
      table: lock.table,
      mode: lock.mode,
    });
    seen.add(lock.pid);
  }
  return blockers;
}

function describe(row: ActivityRow): Omit<Blocker, 'kind'> {
  return {
    pid: row.pid,
    application: row.application ?? '',
    user: row.user ?? '',
    state: row.state ?? '',
    ageMs: Math.round(row.xact_ms ?? row.state_ms ?? 0),
    query: (row.query ?? '').replace(/\s+/g, ' ').trim(),
  };
}

/** One line per blocker, for the abort message and the text report. */
export function describeBlocker(blocker: Blocker): string {
  const what: Record<BlockerKind, string> = {
    'long-transaction': 'transaction open',
    'idle-in-transaction': 'idle in transaction',
    'pg-dump': 'pg_dump running',
    'vacuum-full': 'VACUUM FULL / CLUSTER running',
    'holds-lock': `holds ${blocker.mode ?? 'a lock'} on ${blocker.table ?? 'a table the migrations touch'}`,
  };
  const age = `${Math.round(blocker.ageMs / 1000)} s`;
  return `pid ${blocker.pid} (${blocker.application || 'no application name'}, ${blocker.user || '?'}): ${what[blocker.kind]}, ${age}${blocker.query ? ` — ${blocker.query.slice(0, 80)}` : ''}`;
}
