import type { DatabaseClient } from '../../db/database-client.js';
import type { HistoryEntry, HistoryReading } from '../migration.js';
import { readHistoryTable } from '../read-history-table.js';
import { PLAIN_SQL_HISTORY_SCHEMA, PLAIN_SQL_HISTORY_TABLE } from './plain-sql-history-sql.js';

interface PlainSqlRow {
  readonly id: string;
  readonly checksum?: string | null;
  readonly applied_at?: string | null;
  readonly duration_ms?: number | null;
  readonly applied_by?: string | null;
}

/** Reads pgpreflight.migrations; a row is written only after its file applied, so every row is applied. */
export async function readPlainSqlHistory(client: DatabaseClient): Promise<HistoryReading> {
  const table = await readHistoryTable(client, {
    schema: PLAIN_SQL_HISTORY_SCHEMA,
    table: PLAIN_SQL_HISTORY_TABLE,
    columns: [
      { name: 'id', required: true },
      { name: 'checksum' },
      { name: 'applied_at', timestamp: true },
      { name: 'duration_ms' },
      { name: 'applied_by' },
    ],
    orderBy: ['applied_at', 'id'],
  });
  const entries = (table.rows as unknown as readonly PlainSqlRow[]).map((row): HistoryEntry => ({
    key: row.id,
    name: row.id,
    state: 'applied',
    checksum: row.checksum ?? null,
    appliedAt: row.applied_at ?? null,
    logs: null,
  }));
  return { table: table.qualifiedName, tableExists: table.exists, entries, warnings: table.warnings };
}
