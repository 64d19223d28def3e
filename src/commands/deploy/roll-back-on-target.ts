import { objectNames } from '../../analysis/effects/attribute-effects.js';
import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import type { Effect } from '../../catalog/effect.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { applyMigration, type ApplySettings } from '../../migrations/apply/apply-migration.js';
import { MigrationApplyError } from '../../migrations/apply/migration-apply-error.js';
import { findRollback } from '../../migrations/find-rollback.js';
import type { HistoryEntry, Migration } from '../../migrations/migration.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { DeployedMigration } from '../../report/deploy-result.js';
import { describeEffect } from '../../report/describe-effect.js';

export type RollbackOnTarget = NonNullable<DeployedMigration['rollback']> & { readonly error?: string };

export interface RollBackOptions {
  /**
   * The definitions that must be back: the target's own catalog taken just before the migration
   * (deploy), or the shadow's catalog without it (`rollback` of an older deploy).
   */
  readonly expected: CatalogObjects;
  /** Compare only the objects these effects name (the migration's own), not the whole schema. */
  readonly only?: readonly Effect[];
  readonly settings?: Partial<ApplySettings>;
  /** The history entry to mark rolled back (Prisma's rows, Supabase's version). */
  readonly entry?: HistoryEntry;
}

/**
 * Runs a migration's rollback on the target, confirms the previous definitions are back (catalog
 * compare, object by object), and — only then — records it in history as the tool would, so the
 * next deploy applies the migration again. A rollback that fails or leaves differences is
 * reported and history is left saying the migration is applied.
 */
export async function rollBackOnTarget(
  db: DatabaseClient,
  project: MigrationProject,
  migration: Migration,
  options: RollBackOptions,
): Promise<RollbackOnTarget> {
  const lookup = findRollback(migration, project.format.id, project.layout);
  if (lookup.kind === 'missing') return { outcome: 'missing', file: lookup.expected };
  if (lookup.kind === 'irreversible') return { outcome: 'irreversible' };
  const script: Migration = {
    ...migration,
    id: `${migration.id} (rollback)`,
    path: lookup.rollback.path,
    absolutePath: lookup.rollback.path,
    sql: lookup.rollback.sql,
  };
  try {
    await applyMigration(db, script, { ...(options.settings ? { settings: options.settings } : {}) });
  } catch (error) {
    if (!(error instanceof MigrationApplyError)) throw error;
    return { outcome: 'failed', file: lookup.rollback.path, differences: [], error: error.message };
  }
  const after = await takeCatalogSnapshot(db);
  const names = options.only ? new Set(options.only.flatMap(objectNames)) : undefined;
  const differences = diffCatalogs(options.expected, after.objects)
    .filter((effect) => !names || objectNames(effect).some((name) => names.has(name)))
    .map(describeEffect);
  if (differences.length) return { outcome: 'failed', file: lookup.rollback.path, differences };
  await project.format.history.rolledBack(db, migration, options.entry);
  return { outcome: 'passed', file: lookup.rollback.path, differences: [] };
}
