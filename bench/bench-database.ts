import pg from 'pg';
import { prismaChecksum } from '../src/migrations/prisma/prisma-checksum.js';
import { PRISMA_MIGRATIONS_DDL } from '../src/migrations/prisma/write-prisma-history.js';

const SERVER = process.env.PGPREFLIGHT_TEST_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A scratch database on the benchmark server for the length of `work`, dropped afterwards. */
export async function withBenchDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  const database = `pgpreflight_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(SERVER);
    url.pathname = `/${database}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

/** Runs `sql` as the project's first migration and records it in `_prisma_migrations`, as `prisma migrate deploy` would. */
export async function deployBenchInit(db: pg.Client, sql: string, name = '20240101000000_init'): Promise<void> {
  await db.query(PRISMA_MIGRATIONS_DDL);
  await db.query(sql);
  await db.query(
    `INSERT INTO _prisma_migrations (id, checksum, started_at, finished_at, migration_name, applied_steps_count) VALUES (gen_random_uuid(), $1, now(), now(), $2, 1)`,
    [prismaChecksum(sql), name],
  );
}
