import { diffMigration } from '../../analysis/effects/diff-migration.js';
import { safetyLevel } from '../../analysis/levels/safety-level.js';
import type { CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import type { RollbackLookup } from '../../migrations/find-rollback.js';
import type { Migration } from '../../migrations/migration.js';
import { MigrationReplayError, replayMigrations } from '../../migrations/replay-migrations.js';
import type { RollbackTrip } from '../../report/rehearse-result.js';
import { describeEffect } from '../../report/describe-effect.js';
import { parseSql } from '../../sql/parse-sql.js';
import { rollbackMissingFinding } from '../rollback-missing.js';

export interface RoundTripResult {
  readonly trip: RollbackTrip;
  readonly findings: readonly Finding[];
  /** False when the shadow could not be brought back to the migrated state: stop the rehearsal. */
  readonly shadowIntact: boolean;
}

/**
 * The rollback, proven: run it, compare the catalog with the one before the migration (must be
 * equal), apply the migration again, compare with the one after it (must be equal). Every
 * difference is listed object by object.
 */
export async function roundTrip(
  client: DatabaseClient,
  migration: Migration,
  lookup: RollbackLookup,
  before: CatalogSnapshot,
  after: CatalogSnapshot,
): Promise<RoundTripResult> {
  const at = { migration: migration.id, file: migration.path };
  if (lookup.kind === 'irreversible') return { trip: { outcome: 'irreversible', reason: lookup.reason }, findings: [], shadowIntact: true };
  if (lookup.kind === 'missing') {
    const { statements } = await parseSql(migration.sql, { file: migration.path });
    const level = safetyLevel(diffMigration(before.objects, after.objects, statements), statements).level;
    const missing = rollbackMissingFinding(migration, lookup, level);
    return { trip: { outcome: 'missing', expected: lookup.expected }, findings: missing ? [missing] : [], shadowIntact: true };
  }
  const rollback = lookup.rollback;
  try {
    await client.exec(rollback.sql);
  } catch (error) {
    if (!(error instanceof SqlExecutionError)) throw error;
    return {
      trip: { outcome: 'failed', rollback: rollback.path, differences: [] },
      findings: [
        {
          ruleId: 'rollback-fails',
          severity: 'error',
          message: `the rollback ${rollback.path} fails: ${error.message} (SQLSTATE ${error.sqlState})`,
          help: 'fix the rollback so it runs on the schema the migration leaves',
          ...at,
          evidence: { rollback: rollback.path, sqlState: error.sqlState, error: error.message },
        },
      ],
      shadowIntact: true,
    };
  }
  const rolledBack = await takeCatalogSnapshot(client);
  const left = diffCatalogs(before.objects, rolledBack.objects).map(describeEffect);
  const findings: Finding[] = [];
  if (left.length) {
    findings.push({
      ruleId: 'rollback-incomplete',
      severity: 'error',
      message: `after ${rollback.path} the schema is not what it was before the migration: ${left.join('; ')}`,
      help: 'make the rollback undo every change of the migration',
      ...at,
      evidence: { rollback: rollback.path, differences: left },
    });
  }
  try {
    await replayMigrations(client, [migration], { where: 'the rehearsal shadow (re-applying after the rollback)' });
  } catch (error) {
    if (!(error instanceof MigrationReplayError)) throw error;
    findings.push({
      ruleId: 'rollback-reapply-fails',
      severity: 'error',
      message: `the migration does not apply again after its rollback: ${error.error.message} (SQLSTATE ${error.error.sqlState})`,
      help: 'the rollback leaves objects the migration then fails to create: make it undo them',
      ...at,
      evidence: { rollback: rollback.path, sqlState: error.error.sqlState },
    });
    return { trip: { outcome: 'failed', rollback: rollback.path, differences: left }, findings, shadowIntact: false };
  }
  const reapplied = await takeCatalogSnapshot(client);
  const differs = diffCatalogs(after.objects, reapplied.objects).map(describeEffect);
  if (differs.length) {
    findings.push({
      ruleId: 'rollback-reapply-differs',
      severity: 'error',
      message: `applied again after its rollback, the migration leaves a different schema: ${differs.join('; ')}`,
      help: 'make the rollback undo exactly what the migration does',
      ...at,
      evidence: { rollback: rollback.path, differences: differs },
    });
  }
  return {
    trip: { outcome: findings.length ? 'failed' : 'passed', rollback: rollback.path, differences: [...left, ...differs] },
    findings,
    shadowIntact: differs.length === 0,
  };
}
