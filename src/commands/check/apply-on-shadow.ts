import type { CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { Migration } from '../../migrations/migration.js';
import { MigrationReplayError, replayMigrations } from '../../migrations/replay-migrations.js';
import { parseSql } from '../../sql/parse-sql.js';
import type { Statement } from '../../sql/statement.js';

/** One pending migration after its trip through the shadow. */
export interface ShadowRun {
  readonly migration: Migration;
  readonly statements: readonly Statement[];
  /** `syntax-error` findings; a migration with one is not applied. */
  readonly syntaxErrors: readonly Finding[];
  /** The catalog the migration starts from. */
  readonly before: CatalogSnapshot;
  /** The catalog it leaves; undefined when it was not applied or failed. */
  readonly after: CatalogSnapshot | undefined;
  readonly failure: MigrationReplayError | undefined;
  readonly applyMs: number;
}

/**
 * Applies the pending migrations one by one on the shadow, exactly as a deploy runs them (same
 * transaction boundaries; statements that refuse a transaction block alone), with a catalog
 * snapshot between each. Stops at the first that does not parse or fails: the ones after it build
 * on it, so what they would do cannot be known. Yields each run as it completes.
 */
export async function* applyOnShadow(shadow: DatabaseClient, pending: readonly Migration[]): AsyncGenerator<ShadowRun> {
  let before = await takeCatalogSnapshot(shadow);
  for (const migration of pending) {
    const { statements, errors } = await parseSql(migration.sql, { file: migration.path });
    if (errors.length > 0) {
      yield { migration, statements, syntaxErrors: errors, before, after: undefined, failure: undefined, applyMs: 0 };
      return;
    }
    const start = performance.now();
    try {
      await replayMigrations(shadow, [migration], { where: 'the embedded shadow' });
    } catch (error) {
      if (!(error instanceof MigrationReplayError)) throw error;
      yield { migration, statements, syntaxErrors: [], before, after: undefined, failure: error, applyMs: performance.now() - start };
      return;
    }
    const applyMs = performance.now() - start;
    const after = await takeCatalogSnapshot(shadow);
    yield { migration, statements, syntaxErrors: [], before, after, failure: undefined, applyMs };
    before = after;
  }
}
