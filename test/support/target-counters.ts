import pg from 'pg';
import { takeCatalogSnapshot } from '../../src/catalog/take-catalog-snapshot.js';
import { connectTestDatabase } from './both-databases.js';

export interface Counters {
  readonly xactCommit: number;
  /** Sessions established: each counts one commit of its own (the catalog transaction that starts it). */
  readonly sessions: number;
  readonly tables: Record<string, string>;
}

/**
 * The target's own counters, read in a transaction that rolls back (so reading them commits
 * nothing), once every other session has left: a backend flushes its statistics when it exits.
 */
export async function readCounters(url: string, database: string): Promise<Counters> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Each poll in its own transaction, rolled back: an autocommit SELECT would count as a commit.
    for (let i = 0; i < 100; i++) {
      await client.query('BEGIN');
      const { rows } = await client.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      await client.query('ROLLBACK');
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // A backend leaves pg_stat_activity a moment before its exit flush reaches the counters.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await client.query('BEGIN');
    try {
      const db = await client.query('SELECT xact_commit::int AS n, sessions::int AS sessions FROM pg_stat_database WHERE datname = $1', [
        database,
      ]);
      const tables = await client.query(
        `SELECT relname, concat_ws('/', n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup) AS counters
           FROM pg_stat_all_tables WHERE schemaname = 'public' ORDER BY relname`,
      );
      return {
        xactCommit: db.rows[0].n,
        sessions: db.rows[0].sessions,
        tables: Object.fromEntries(tables.rows.map((r) => [r.relname, r.counters])),
      };
    } finally {
      await client.query('ROLLBACK');
    }
  } finally {
    await client.end();
  }
}

/** The target's schema, read in a transaction that rolls back. */
export async function catalogObjects(url: string) {
  const db = await connectTestDatabase(url);
  try {
    await db.exec('BEGIN');
    const { objects } = await takeCatalogSnapshot(db);
    await db.exec('ROLLBACK');
    return objects;
  } finally {
    await db.close();
  }
}

/**
 * Transactions committed between two readings beyond the one each new session commits as it starts:
 * zero means no session committed work of its own, however many connections the command opened.
 */
export function commitsBeyondSessions(before: Counters, after: Counters): number {
  return after.xactCommit - before.xactCommit - (after.sessions - before.sessions);
}
