import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server URL when a PostgreSQL server answers, else null (server tests skip). */
    serverUrl: string | null;
  }
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.PGPREFLIGHT_TEST_URL || DEFAULT_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('serverUrl', url);
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true requires a PostgreSQL server at ${url.replace(/:[^:@/]*@/, ':***@')}: ${(error as Error).message}`);
    }
    console.log(`\n⚠ No PostgreSQL server at ${url.replace(/:[^:@/]*@/, ':***@')}: server tests are skipped (set PGPREFLIGHT_TEST_URL).\n`);
    project.provide('serverUrl', null);
  } finally {
    await client.end().catch(() => undefined);
  }
}
