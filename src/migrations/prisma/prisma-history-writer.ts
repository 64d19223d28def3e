import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { quoteIdentifier } from '../../sql/quote-identifier.js';
import type { HistoryWriter } from '../history-writer.js';
import { prismaFailureLogs } from './prisma-failure-logs.js';
import { PRISMA_HISTORY_TABLE } from './read-prisma-history.js';
import {
  PRISMA_MIGRATIONS_DDL,
  recordPrismaApplied,
  recordPrismaFailed,
  recordPrismaFinished,
  recordPrismaRolledBack,
  recordPrismaStarted,
  recordPrismaStep,
} from './write-prisma-history.js';

/** The key of Prisma's `SELECT pg_advisory_lock(72707369)` (sql-schema-connector, postgres flavour). */
export const PRISMA_LOCK_KEY = 72707369;

// Tables Prisma's `initialize` does not count when deciding whether a schema is empty (PostGIS).
const IGNORED_TABLES = ['spatial_ref_sys'];

/**
 * `prisma migrate deploy`'s bookkeeping (schema-engine apply_migrations.rs with
 * sql_migration_persistence.rs): a row is inserted and committed before the script runs, then
 * `applied_steps_count` and `finished_at` are set, or `logs` on failure — so a crash mid-script
 * leaves a row with neither, which Prisma reports as failed (P3009).
 */
export const prismaHistoryWriter: HistoryWriter = {
  lockKey: PRISMA_LOCK_KEY,
  recordsWithMigration: false,
  async prepareSession(db, session) {
    // Prisma sets the connection's search_path to the URL's schema: migrations create unqualified
    // names there, and the history table lives there too.
    await db.exec(`SET search_path = ${quoteIdentifier(session.schema ?? 'public')}`);
  },
  async ensureTable(db, session) {
    const schema = session.schema ?? 'public';
    const { rows } = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
      [schema],
    );
    if (rows.some((row) => row.name === PRISMA_HISTORY_TABLE)) return;
    const others = rows.map((row) => row.name).filter((name) => !IGNORED_TABLES.includes(name));
    if (others.length > 0) {
      throw new PgPreflightError(
        'DEPLOY_REFUSED',
        `the schema "${schema}" holds ${others.length} table(s) but no _prisma_migrations table: Prisma refuses to deploy onto it (P3005)`,
        {
          hint: 'baseline it first: mark the migrations already in the database as applied with `pgpreflight resolve <migration> --applied` (as `prisma migrate resolve --applied` does)',
        },
      );
    }
    await db.exec(PRISMA_MIGRATIONS_DDL);
  },
  started: (db, migration) => recordPrismaStarted(db, migration.historyKey, migration.checksum),
  async succeeded(db, _migration, handle) {
    if (handle === undefined) return;
    await recordPrismaStep(db, handle);
    await recordPrismaFinished(db, handle);
  },
  async failed(db, _migration, handle, logs) {
    if (handle !== undefined) await recordPrismaFailed(db, handle, logs);
  },
  failureLogs(migration, error, offset) {
    // The script Prisma runs is the whole file, so the position is counted from its start.
    const position = error.position === undefined ? undefined : String(error.position + offset);
    return prismaFailureLogs(migration.historyKey, migration.sql, {
      code: error.sqlState,
      message: error.message,
      severity: 'ERROR',
      detail: error.detail,
      hint: error.hint,
      position,
      where: error.where,
      schema: error.schema,
      table: error.table,
      column: error.column,
      constraint: error.constraint,
    });
  },
  async rolledBack(db, migration) {
    // `prisma migrate resolve --rolled-back` marks the live rows; Prisma then applies it again.
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM ${PRISMA_HISTORY_TABLE} WHERE migration_name = $1 AND rolled_back_at IS NULL`,
      [migration.historyKey],
    );
    for (const row of rows) await recordPrismaRolledBack(db, row.id);
  },
  async markApplied(db, migration) {
    // mark_migration_applied.rs: failed attempts are marked rolled back, then one applied row.
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM ${PRISMA_HISTORY_TABLE} WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
      [migration.historyKey],
    );
    for (const row of rows) await recordPrismaRolledBack(db, row.id);
    await recordPrismaApplied(db, migration.historyKey, migration.checksum);
  },
};
