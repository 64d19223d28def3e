import type { DatabaseClient } from '../../db/database-client.js';
import type { ReadHistoryOptions } from '../migration-format.js';
import type { HistoryEntry, HistoryReading } from '../migration.js';
import { readHistoryTable } from '../read-history-table.js';

interface PrismaMigrationRow {
  readonly id?: string;
  readonly checksum?: string;
  readonly finished_at?: string | null;
  readonly migration_name: string;
  readonly logs?: string | null;
  readonly rolled_back_at?: string | null;
  readonly started_at?: string;
  readonly applied_steps_count?: number;
}

/** `_prisma_migrations` as the schema engine creates it; it lives in the URL's `?schema=` (default public). */
export const PRISMA_HISTORY_TABLE = '_prisma_migrations';

export async function readPrismaHistory(client: DatabaseClient, options: ReadHistoryOptions = {}): Promise<HistoryReading> {
  const table = await readHistoryTable(client, {
    schema: options.schema ?? 'public',
    table: PRISMA_HISTORY_TABLE,
    columns: [
      { name: 'id' },
      { name: 'checksum' },
      { name: 'finished_at', timestamp: true },
      { name: 'migration_name', required: true },
      { name: 'logs' },
      { name: 'rolled_back_at', timestamp: true },
      { name: 'started_at', timestamp: true },
      { name: 'applied_steps_count' },
    ],
    // The engine lists rows ordered by started_at (migration_persistence.rs).
    orderBy: ['started_at'],
  });
  return {
    table: table.qualifiedName,
    tableExists: table.exists,
    entries: reducePrismaRows(table.rows as unknown as readonly PrismaMigrationRow[]),
    warnings: table.warnings,
  };
}

/**
 * Several rows may share a name (a failed attempt resolved as rolled back, then a new attempt).
 * Prisma's judgement (schema-engine apply_migrations / diagnose_migration_history): a row with
 * finished_at and no rolled_back_at means applied; a row with neither means failed and blocks
 * deploy (P3009); rows that are all rolled back mean the next deploy applies it again.
 */
export function reducePrismaRows(rows: readonly PrismaMigrationRow[]): HistoryEntry[] {
  const byName = new Map<string, PrismaMigrationRow[]>();
  for (const row of rows) {
    const list = byName.get(row.migration_name) ?? [];
    list.push(row);
    byName.set(row.migration_name, list);
  }
  const entries: HistoryEntry[] = [];
  for (const [name, group] of byName) {
    const live = group.filter((row) => !row.rolled_back_at);
    const applied = live.find((row) => row.finished_at);
    const failed = live.find((row) => !row.finished_at);
    const chosen = applied ?? failed ?? group[group.length - 1]!;
    entries.push({
      key: name,
      name,
      state: applied ? 'applied' : failed ? 'failed' : 'rolled-back',
      checksum: chosen.checksum ?? null,
      appliedAt: (applied ? applied.finished_at : chosen.started_at) ?? null,
      logs: chosen.logs ?? null,
    });
  }
  return entries;
}
