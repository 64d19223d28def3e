import { afterAll, beforeAll, describe } from 'vitest';
import { connectTarget } from '../../src/db/connect-target.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { openPglite } from '../../src/db/pglite-client.js';
import { parseTargetUrl } from '../../src/db/target-url.js';
import { createTestDatabase, describeServer } from './test-database.js';

export interface OpenDatabase {
  readonly client: DatabaseClient;
  close(): Promise<void>;
}

/** A fresh database on the test server, reached through the product's node-postgres client. */
export async function openServerDatabase(prefix = 'pgpreflight_test'): Promise<OpenDatabase> {
  const database = await createTestDatabase(prefix);
  const { client } = await connectTarget(parseTargetUrl(database.url));
  return {
    client,
    close: async () => {
      await client.close();
      await database.drop();
    },
  };
}

/** The product's client for a URL (a test database made by createTestDatabase). */
export async function connectTestDatabase(url: string): Promise<DatabaseClient> {
  return (await connectTarget(parseTargetUrl(url))).client;
}

/** An in-memory PGlite with only the extensions asked for (each costs start-up time). */
export async function openShadowDatabase(extensions: readonly string[] = []): Promise<OpenDatabase> {
  const client = await openPglite({ extensions });
  return { client, close: () => client.close() };
}

/**
 * Runs `suite` twice: on a fresh database of the real server (skipped without one) and on an
 * in-memory PGlite, so every analysis is proven on both drivers. `db()` is valid inside tests.
 */
export function onBothDatabases(
  title: string,
  suite: (db: () => DatabaseClient) => void,
  options: { readonly prefix?: string; readonly extensions?: readonly string[] } = {},
): void {
  const run = (label: string, open: () => Promise<OpenDatabase>, wrap: typeof describe): void => {
    wrap(`${title} (${label})`, () => {
      let database: OpenDatabase | undefined;
      beforeAll(async () => {
        database = await open();
      });
      afterAll(async () => {
        await database?.close();
      });
      suite(() => database!.client);
    });
  };
  run('PostgreSQL server', () => openServerDatabase(options.prefix), describeServer);
  run('PGlite', () => openShadowDatabase(options.extensions), describe);
}
