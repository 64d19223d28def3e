import type { DatabaseClient } from '../../db/database-client.js';
import type { HistoryEntry, HistoryReading } from '../migration.js';
import { readHistoryTable } from '../read-history-table.js';
import { SUPABASE_HISTORY_SCHEMA, SUPABASE_HISTORY_TABLE } from './supabase-history-sql.js';

/** A history row as the CLI reads it (ReadMigrationTable): the statements it executed, in order. */
export interface SupabaseHistoryEntry extends HistoryEntry {
  /** Null when the row has none (written by a CLI older than the column, or by hand). */
  readonly statements: readonly string[] | null;
}

interface Row {
  readonly version: string | null;
  readonly name?: string | null;
  readonly statements?: unknown;
}

/**
 * Reads supabase_migrations.schema_migrations. The CLI creates version, statements and name; the
 * hosted platform's Management API adds created_by, idempotency_key and rollback, which are
 * expected there and never needed here. A missing table is "nothing applied" (the CLI's
 * ListRemoteMigrations treats SQLSTATE 42P01 the same way).
 */
export async function readSupabaseHistory(client: DatabaseClient): Promise<HistoryReading> {
  const table = await readHistoryTable(client, {
    schema: SUPABASE_HISTORY_SCHEMA,
    table: SUPABASE_HISTORY_TABLE,
    columns: [
      // Cast to text so a hand-made table with other column types reads the same on both drivers.
      { name: 'version', required: true, text: true },
      { name: 'statements', whenMissing: 'rows are read without statements, so edited files cannot be told apart' },
      { name: 'name', text: true },
      { name: 'created_by', optional: true, text: true },
      { name: 'idempotency_key', optional: true, text: true },
      { name: 'rollback', optional: true },
    ],
    orderBy: ['version'],
  });
  const entries = (table.rows as unknown as readonly Row[])
    .filter((row) => row.version !== null)
    .map((row): SupabaseHistoryEntry => ({
      key: row.version!,
      name: row.name ?? null,
      // The CLI records a row in the same transaction as the migration: a row means it applied.
      state: 'applied',
      checksum: null,
      appliedAt: null,
      logs: null,
      statements: Array.isArray(row.statements) ? (row.statements as string[]) : null,
    }));
  return { table: table.qualifiedName, tableExists: table.exists, entries, warnings: table.warnings };
}

export function isSupabaseHistoryEntry(entry: HistoryEntry): entry is SupabaseHistoryEntry {
  return 'statements' in entry;
}
