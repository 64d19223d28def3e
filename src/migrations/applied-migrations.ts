import type { Migration, MigrationState } from './migration.js';

// Applied as far as the schema goes: a modified file is replayed as it reads now, so its change shows as drift.
const APPLIED = new Set<MigrationState['status']>(['applied', 'modified']);

/** The migrations whose schema the target should have, in the tool's order: those its history records as applied. */
export function appliedMigrations(migrations: readonly Migration[], states: readonly MigrationState[]): Migration[] {
  const applied = new Set(states.filter((s) => APPLIED.has(s.status)).map((s) => s.id));
  return migrations.filter((m) => applied.has(m.id));
}
