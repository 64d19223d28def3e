import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';

/** The test server's URL, or null when none answers (global-setup decided and said so). */
export function serverUrl(): string | null {
  return inject('serverUrl');
}

/** `describe` for tests that need the real server; skipped (with global-setup's one line) without it. */
export const describeServer: typeof describe = ((name: string, fn: () => void) =>
  serverUrl() ? describe(name, fn) : describe.skip(name, fn)) as typeof describe;

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh database on the test server, named so a leftover is recognisable; dropped by `drop()`. */
export async function createTestDatabase(prefix = 'pgpreflight_test'): Promise<TestDatabase> {
  const base = serverUrl();
  if (!base) throw new Error('no test server');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(base, `CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export async function adminQuery(url: string, sql: string, params?: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
