import type { MigrationFormat } from '../migration-format.js';
import { plainSqlDelivery } from './plain-sql-delivery.js';
import { plainSqlHistoryWriter } from './plain-sql-history-writer.js';
import { detectPlainSqlLayout } from './detect-plain-sql-layout.js';
import { listPlainSqlMigrations } from './list-plain-sql-migrations.js';
import { readPlainSqlHistory } from './read-plain-sql-history.js';

export const plainSqlFormat: MigrationFormat = {
  id: 'sql',
  title: 'plain SQL',
  layoutHint:
    'a folder of <name>.sql files applied in file-name order (the folder itself, migrations/ or db/migrations/), history in pgpreflight.migrations',
  detect: detectPlainSqlLayout,
  list: listPlainSqlMigrations,
  readHistory: (client) => readPlainSqlHistory(client),
  history: plainSqlHistoryWriter,
  delivery: plainSqlDelivery,
  // Our own table records sha256 of the file bytes, exactly what `checksum` holds.
  matchesApplied(migration, entry) {
    if (entry.checksum === null) return undefined;
    return migration.checksum === entry.checksum;
  },
};
