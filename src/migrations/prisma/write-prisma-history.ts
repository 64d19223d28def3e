import { randomUUID } from 'node:crypto';
import type { DatabaseClient } from '../../db/database-client.js';

// The statements Prisma's schema engine runs (sql-schema-connector: flavour/postgres.rs
// `create_migrations_table`, sql_migration_persistence.rs), so that `prisma migrate status` and ours
// agree about any row we write. The table is created unqualified, in the connection's search_path,
// as Prisma does (the URL's ?schema=). Timestamps are the client's clock (chrono::Utc::now() in the
// engine), passed as parameters, not the database's now().

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

/** record_migration_started: a row with started_at and no finished_at; returns its id. */
export async function recordPrismaStarted(db: DatabaseClient, name: string, checksum: string): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, $3, $4)`, [
    id,
    checksum,
    new Date(),
    name,
  ]);
  return id;
}

/** record_successful_step: one script applied. */
export async function recordPrismaStep(db: DatabaseClient, id: string): Promise<void> {
  await db.query('UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1', [id]);
}

/** record_migration_finished. */
export async function recordPrismaFinished(db: DatabaseClient, id: string): Promise<void> {
  await db.query('UPDATE _prisma_migrations SET finished_at = $1 WHERE id = $2', [new Date(), id]);
}

/** record_failed_step: the script failed; `logs` holds the error and finished_at stays NULL. */
export async function recordPrismaFailed(db: DatabaseClient, id: string, logs: string): Promise<void> {
  await db.query('UPDATE _prisma_migrations SET logs = $1 WHERE id = $2', [logs, id]);
}

/** `prisma migrate resolve --rolled-back`: mark_migration_rolled_back_by_id. */
export async function recordPrismaRolledBack(db: DatabaseClient, id: string): Promise<void> {
  await db.query('UPDATE _prisma_migrations SET rolled_back_at = $1 WHERE id = $2', [new Date(), id]);
}

/** `prisma migrate resolve --applied`: mark_migration_applied_impl — logs '', both timestamps now, no steps. */
export async function recordPrismaApplied(db: DatabaseClient, name: string, checksum: string): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await db.query(
    `INSERT INTO _prisma_migrations (id, checksum, logs, started_at, finished_at, migration_name) VALUES ($1, $2, '', $3, $3, $4)`,
    [id, checksum, now, name],
  );
  return id;
}
