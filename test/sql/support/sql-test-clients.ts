import type { DatabaseClient } from '../../../src/db/database-client.js';
import { SqlExecutionError } from '../../../src/db/sql-execution-error.js';
import { onBothDatabases as both } from '../../support/both-databases.js';

/** Runs `suite` on a fresh server database and on an in-memory PGlite; `db()` is valid inside tests. */
export function onBothDatabases(title: string, suite: (db: () => DatabaseClient) => void): void {
  both(title, suite, { prefix: 'pgpreflight_sql' });
}

/** The SqlExecutionError a statement raises; fails the test when it succeeds. */
export async function failureOf(db: DatabaseClient, sql: string): Promise<SqlExecutionError> {
  try {
    await db.exec(sql);
  } catch (error) {
    if (error instanceof SqlExecutionError) return error;
    throw error;
  }
  throw new Error(`expected to fail: ${sql}`);
}
