import type { MigrationFormat } from './migration-format.js';
import type { HistoryEntry, Migration, MigrationState, MigrationStatus } from './migration.js';

/**
 * Joins the files on disk with the history table into one status per migration, in the tool's
 * order. Migrations recorded in history but absent on disk (`missing`) are placed where their key
 * sorts among the others, so the list still reads as a timeline.
 */
export function classifyMigrations(
  local: readonly Migration[],
  history: readonly HistoryEntry[],
  format: Pick<MigrationFormat, 'matchesApplied'>,
): MigrationState[] {
  const byKey = new Map(history.map((entry) => [entry.key, entry]));
  const localKeys = new Set(local.map((migration) => migration.historyKey));

  const rows: { key: string; state: MigrationState }[] = local.map((migration) => {
    const entry = byKey.get(migration.historyKey);
    return {
      key: migration.historyKey,
      state: {
        id: migration.id,
        name: migration.name,
        path: migration.path,
        status: statusOf(migration, entry, format),
        checksum: migration.checksum,
        appliedChecksum: entry?.checksum ?? null,
        appliedAt: entry?.appliedAt ?? null,
        logs: entry?.logs ?? null,
      },
    };
  });

  for (const entry of history) {
    if (localKeys.has(entry.key)) continue;
    const state: MigrationState = {
      id: entry.name && entry.name !== entry.key && !entry.name.startsWith(entry.key) ? `${entry.key}_${entry.name}` : entry.key,
      name: entry.name ?? entry.key,
      path: null,
      status: 'missing',
      checksum: null,
      appliedChecksum: entry.checksum,
      appliedAt: entry.appliedAt,
      logs: entry.logs,
    };
    const at = rows.findIndex((row) => row.key > entry.key);
    rows.splice(at === -1 ? rows.length : at, 0, { key: entry.key, state });
  }
  return rows.map((row) => row.state);
}

function statusOf(migration: Migration, entry: HistoryEntry | undefined, format: Pick<MigrationFormat, 'matchesApplied'>): MigrationStatus {
  if (!entry) return 'pending';
  if (entry.state === 'failed') return 'failed';
  if (entry.state === 'rolled-back') return 'rolled-back';
  return format.matchesApplied(migration, entry) === false ? 'modified' : 'applied';
}

export function isUpToDate(states: readonly MigrationState[]): boolean {
  return states.every((state) => state.status === 'applied');
}

/**
 * Pending migrations that sort before the newest applied one: Prisma applies them anyway, the
 * Supabase CLI refuses without --include-all; either way a person should look.
 */
export function outOfOrderPending(states: readonly MigrationState[]): readonly string[] {
  const lastApplied = states.reduce((last, state, index) => (state.status === 'applied' || state.status === 'modified' ? index : last), -1);
  if (lastApplied === -1) return [];
  return states
    .slice(0, lastApplied)
    .filter((state) => state.status === 'pending')
    .map((state) => state.id);
}
