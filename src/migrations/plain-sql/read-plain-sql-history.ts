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
  const foreign = entries.length === 0 ? await foreignHistoryTable(client) : undefined;
  return {
    table: table.qualifiedName,
    tableExists: table.exists,
    entries,
    warnings: foreign
      ? [
          ...table.warnings,
          `${foreign.table} holds this database's migration history (${foreign.tool}); pgpreflight keeps plain SQL history in ${table.qualifiedName}, which records nothing: every migration shows as pending`,
        ]
      : table.warnings,
    ...(foreign ? { foreignHistory: foreign } : {}),
  };
}

// The history tables of the tools whose folders are read as plain SQL, by their default names.
const FOREIGN_HISTORY_SQL = `
  SELECT n.nspname AS schema, c.relname AS name
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND c.relname IN ('schema_migrations', 'flyway_schema_history')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'supabase_migrations')
   ORDER BY c.relname = 'flyway_schema_history' DESC, n.nspname = 'public' DESC, n.nspname
   LIMIT 1`;

async function foreignHistoryTable(client: DatabaseClient): Promise<HistoryReading['foreignHistory']> {
  const { rows } = await client.query<{ schema: string; name: string }>(FOREIGN_HISTORY_SQL);
  const found = rows[0];
  if (!found) return undefined;
  const tool = found.name === 'flyway_schema_history' ? 'Flyway' : 'golang-migrate or dbmate';
  return { table: `${found.schema}.${found.name}`, tool };
}
