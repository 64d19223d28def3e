import type { DatabaseClient } from './database-client.js';
import { SqlExecutionError } from './sql-execution-error.js';

/** The rows of a query that ran, or what PostgreSQL said when it did not. */
export type SavepointAttempt =
  { readonly rows: readonly Record<string, unknown>[] } | { readonly error: { readonly sqlState?: string; readonly error: string } };

/**
 * One query under a savepoint inside the caller's transaction, so its failure (a timeout, a column
 * that does not exist) leaves the transaction usable for the next one. `settings` (planner and
 * memory settings for this query alone) are set inside the savepoint and undone with it: in a
 * read-only transaction, rolling back to the savepoint loses nothing. Errors other than a
 * statement PostgreSQL rejected (a lost connection) are thrown.
 */
export async function queryInSavepoint(
  tx: DatabaseClient,
  sql: string,
  params: readonly unknown[] = [],
  settings: Readonly<Record<string, string>> = {},
): Promise<SavepointAttempt> {
  await tx.exec('SAVEPOINT pgpreflight_attempt');
  try {
    for (const [name, value] of Object.entries(settings)) await tx.query('SELECT pg_catalog.set_config($1, $2, true)', [name, value]);
    const { rows } = await tx.query(sql, params);
    return { rows };
  } catch (error) {
    if (error instanceof SqlExecutionError) return { error: { sqlState: error.sqlState, error: error.message } };
    throw error;
  } finally {
    await tx.exec('ROLLBACK TO SAVEPOINT pgpreflight_attempt');
  }
}
