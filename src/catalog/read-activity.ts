import type { DatabaseClient } from '../db/database-client.js';
import { withReadOnlyTransaction } from '../db/read-only.js';

/** One reading of the statistics that move when writes fail. */
export interface ActivitySample {
  readonly at: number;
  readonly commits: number;
  readonly rollbacks: number;
  /** Since when the counters count (stats_reset, else the server's start): the baseline's span. */
  readonly since: number;
  /** pg_stat_statements totals for statements naming each table; null without the extension. */
  readonly statements: readonly TableStatements[] | null;
  readonly statementsSince: number | null;
}

export interface TableStatements {
  readonly table: string;
  readonly calls: number;
  readonly rows: number;
}

const DATABASE = `
  SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS at,
         xact_commit::float8 AS commits, xact_rollback::float8 AS rollbacks,
         (extract(epoch FROM coalesce(stats_reset, pg_postmaster_start_time())) * 1000)::float8 AS since
    FROM pg_stat_database WHERE datname = current_database()`;

const HAS_STATEMENTS = `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS present`;

// pg_stat_statements counts only statements that completed: fewer calls and rows on a table whose
// writes now fail is the signal. Word boundaries keep "item" from matching "item_price".
const STATEMENTS = `
  SELECT t.name AS "table", coalesce(sum(s.calls), 0)::float8 AS calls, coalesce(sum(s.rows), 0)::float8 AS rows
    FROM unnest($1::text[], $2::text[]) AS t(name, pattern)
    LEFT JOIN pg_stat_statements s
           ON s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND s.query ~* t.pattern
   GROUP BY t.name ORDER BY t.name`;

const STATEMENTS_SINCE = `SELECT (extract(epoch FROM stats_reset) * 1000)::float8 AS since FROM pg_stat_statements_info`;

/**
 * Reads pg_stat_database (and pg_stat_statements for the tables the deploy touched, when the
 * extension is installed) in its own read-only transaction, so each reading is fresh (statistics
 * are cached for the length of a transaction).
 */
export async function readActivity(client: DatabaseClient, tables: readonly string[], withStatements: boolean): Promise<ActivitySample> {
  return withReadOnlyTransaction(
    client,
    async (tx) => {
      const row = (await tx.query<{ at: number; commits: number; rollbacks: number; since: number }>(DATABASE)).rows[0];
      if (!row) throw new Error('pg_stat_database has no row for the current database');
      let statements: TableStatements[] | null = null;
      let statementsSince: number | null = null;
      if (withStatements && tables.length) {
        const patterns = tables.map((table) => `\\m${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\M`);
        statements = [...(await tx.query<TableStatements>(STATEMENTS, [tables, patterns])).rows];
        statementsSince = (await tx.query<{ since: number | null }>(STATEMENTS_SINCE)).rows[0]?.since ?? null;
      }
      return { at: row.at, commits: row.commits, rollbacks: row.rollbacks, since: row.since, statements, statementsSince };
    },
    { statementTimeoutMs: 5_000 },
  );
}

/** Whether pg_stat_statements can be read in this database. */
export async function hasStatementStatistics(client: DatabaseClient): Promise<boolean> {
  const present = await withReadOnlyTransaction(
    client,
    async (tx) => (await tx.query<{ present: boolean }>(HAS_STATEMENTS)).rows[0]?.present,
  );
  if (!present) return false;
  // Installed but not preloaded: reading it raises an error.
  try {
    await withReadOnlyTransaction(client, (tx) => tx.query('SELECT 1 FROM pg_stat_statements LIMIT 1'));
    return true;
  } catch {
    return false;
  }
}
