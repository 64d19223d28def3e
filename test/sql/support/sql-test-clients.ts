import { afterAll, beforeAll, describe } from 'vitest';
import type { DatabaseClient } from '../../../src/db/database-client.js';
import { describeTarget } from '../../../src/db/describe-target.js';
import { openPglite } from '../../../src/db/pglite-client.js';
import { connectPostgres } from '../../../src/db/postgres-client.js';
import { SqlExecutionError } from '../../../src/db/sql-execution-error.js';
import { parseTargetUrl } from '../../../src/db/target-url.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../../support/test-database.js';

/**
 * Runs `suite` twice: on a fresh database of the real server (skipped without one) and on an
 * in-memory PGlite. `db()` is valid inside tests.
 */
export function onBothDatabases(title: string, suite: (db: () => DatabaseClient) => void): void {
  describeServer(`${title} (PostgreSQL server)`, () => {
    let database: TestDatabase | undefined;
    let client: DatabaseClient | undefined;
    beforeAll(async () => {
      database = await createTestDatabase('pgpreflight_sql');
      const spec = parseTargetUrl(database.url);
      if (spec.kind !== 'postgres') throw new Error('expected a server URL');
      client = await connectPostgres(spec.clientConfig, describeTarget(spec));
    });
    afterAll(async () => {
      await client?.close();
      await database?.drop();
    });
    suite(() => client!);
  });
  describe(`${title} (PGlite)`, () => {
    let client: DatabaseClient | undefined;
    beforeAll(async () => {
      client = await openPglite({ extensions: [] });
    });
    afterAll(async () => {
      await client?.close();
    });
    suite(() => client!);
  });
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
