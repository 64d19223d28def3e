import { PGPREFLIGHT_LOCK_KEY, plainFailureLogs, type HistoryWriter } from '../history-writer.js';
import { splitSupabaseStatements } from './split-supabase-statements.js';
import {
  SUPABASE_CREATE_HISTORY_DDL,
  SUPABASE_DELETE_HISTORY,
  SUPABASE_INSERT_HISTORY,
  SUPABASE_UPSERT_HISTORY,
} from './supabase-history-sql.js';

/**
 * `supabase db push` / `migration up` (pkg/migration/apply.go, file.go): the history table is
 * created once, the connection is `RESET ALL` before each migration, and the row is inserted in
 * the same implicit transaction as the migration's statements — a failure leaves neither. The CLI
 * takes no advisory lock, so pgpreflight's own key excludes concurrent pgpreflight deploys.
 */
export const supabaseHistoryWriter: HistoryWriter = {
  lockKey: PGPREFLIGHT_LOCK_KEY,
  recordsWithMigration: true,
  async prepareSession(db) {
    await db.exec('RESET ALL');
  },
  async ensureTable(db) {
    await db.exec(SUPABASE_CREATE_HISTORY_DDL);
    // CreateMigrationTable leaves its 4 s lock_timeout on the session; the CLI resets before each migration.
    await db.exec('RESET ALL');
  },
  started: async () => undefined,
  async succeeded(db, migration) {
    await db.query(SUPABASE_INSERT_HISTORY, [migration.historyKey, migration.name, splitSupabaseStatements(migration.sql)]);
  },
  // Nothing is recorded: the insert was part of the transaction that failed.
  failed: async () => undefined,
  failureLogs: plainFailureLogs,
  async rolledBack(db, migration) {
    // `supabase migration repair --status reverted`.
    await db.query(SUPABASE_DELETE_HISTORY, [[migration.historyKey]]);
  },
  async markApplied(db, migration) {
    // `supabase migration repair --status applied`.
    await db.query(SUPABASE_UPSERT_HISTORY, [migration.historyKey, migration.name, splitSupabaseStatements(migration.sql)]);
  },
};
