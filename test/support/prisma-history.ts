import { randomUUID } from 'node:crypto';
import type { DatabaseClient } from '../../src/db/database-client.js';

// Exactly what Prisma's schema engine runs (sql-schema-connector flavour/postgres.rs
// create_migrations_table and sql_migration_persistence.rs), so our reading is tested against the
// rows Prisma really leaves behind.
export const PRISMA_MIGRATIONS_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

/** record_migration_started: a row with started_at and no finished_at. Returns its id. */
export async function prismaStarted(db: DatabaseClient, name: string, checksum: string): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO _prisma_migrations (id, checksum, started_at, finished_at, migration_name, logs, rolled_back_at, applied_steps_count)
     VALUES ($1, $2, now(), NULL, $3, NULL, NULL, 0)`,
    [id, checksum, name],
  );
  return id;
}

/** A successful `migrate deploy` of one migration: started, one step, finished. */
export async function prismaApplied(db: DatabaseClient, name: string, checksum: string): Promise<string> {
  const id = await prismaStarted(db, name, checksum);
  await db.query('UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1', [id]);
  await db.query('UPDATE _prisma_migrations SET finished_at = now() WHERE id = $1', [id]);
  return id;
}

/** record_failed_step: the script failed; logs hold the error, finished_at stays NULL. */
export async function prismaFailed(db: DatabaseClient, name: string, checksum: string, logs: string): Promise<string> {
  const id = await prismaStarted(db, name, checksum);
  await db.query('UPDATE _prisma_migrations SET logs = $1 WHERE id = $2', [logs, id]);
  return id;
}

/** `prisma migrate resolve --rolled-back`: marks the failed rows of that migration rolled back. */
export async function prismaResolveRolledBack(db: DatabaseClient, id: string): Promise<void> {
  await db.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = $1', [id]);
}
