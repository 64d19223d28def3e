import { PGPREFLIGHT_LOCK_KEY, plainFailureLogs, type HistoryWriter } from '../history-writer.js';
import { PLAIN_SQL_HISTORY_DDL, PLAIN_SQL_INSERT_HISTORY } from './plain-sql-history-sql.js';

/** pgpreflight's own history for plain .sql folders: the row commits with the migration. */
export const plainSqlHistoryWriter: HistoryWriter = {
  lockKey: PGPREFLIGHT_LOCK_KEY,
  recordsWithMigration: true,
  prepareSession: async () => undefined,
  async ensureTable(db) {
    await db.exec(PLAIN_SQL_HISTORY_DDL);
  },
  started: async () => undefined,
  async succeeded(db, migration, _handle, info) {
    await db.query(PLAIN_SQL_INSERT_HISTORY, [migration.historyKey, migration.checksum, Math.round(info.durationMs)]);
  },
  failed: async () => undefined,
  failureLogs: plainFailureLogs,
  async rolledBack(db, migration) {
    await db.query('DELETE FROM pgpreflight.migrations WHERE id = $1', [migration.historyKey]);
  },
  async markApplied(db, migration) {
    await db.query(
      `INSERT INTO pgpreflight.migrations (id, checksum, duration_ms) VALUES ($1, $2, NULL)
       ON CONFLICT (id) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
      [migration.historyKey, migration.checksum],
    );
  },
};
