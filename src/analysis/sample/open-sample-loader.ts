import type { CatalogSequenceStatistics } from '../../catalog/catalog-snapshot.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';
import type { ShadowColumn, ShadowTable } from './shadow-tables.js';

export interface SampleLoader {
  /** Queues rows of a table (COPY text lines of `columns`) for loading; returns at once. */
  add(table: ShadowTable, columns: readonly ShadowColumn[], lines: readonly string[]): void;
  /** Waits for every queued row, moves the sequences to the target's positions, commits. */
  finish(sequences: readonly CatalogSequenceStatistics[]): Promise<void>;
  /** Waits for what is under way and rolls everything back. */
  abort(): Promise<void>;
}

/**
 * Index maintenance is most of the cost of loading rows into indexed tables (four times the COPY
 * itself on PGlite). Like pg_restore, which creates indexes after the data, the table's indexes are
 * marked not ready for inserts (`pg_index.indisready`, as CREATE INDEX CONCURRENTLY leaves a new
 * index) so COPY skips them, and REINDEX builds each one in one sorted pass at the end and marks it
 * ready again — all in the loading transaction, on the shadow only. A unique index the rows violate
 * fails the REINDEX as it would have failed the COPY. Needs a superuser, like the rest of the load;
 * false when the catalog cannot be changed (the rows are then loaded with index maintenance).
 */
async function deferIndexes(shadow: DatabaseClient, table: ShadowTable): Promise<boolean> {
  await shadow.exec('SAVEPOINT pgpreflight_indexes');
  try {
    await shadow.query(
      `UPDATE pg_catalog.pg_index i SET indisready = false
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE i.indrelid = c.oid AND c.relkind = 'r' AND n.nspname = $1 AND c.relname = $2 AND i.indisready`,
      [table.schema, table.name],
    );
    await shadow.exec('RELEASE SAVEPOINT pgpreflight_indexes');
    return true;
  } catch (error) {
    if (!(error instanceof SqlExecutionError)) throw error;
    await shadow.exec('ROLLBACK TO SAVEPOINT pgpreflight_indexes');
    return false;
  }
}

/**
 * Loads sampled rows into the shadow in one transaction, with triggers and foreign-key checks off
 * (`session_replication_role = replica`, which PGlite allows too): the rows are what production
 * holds, not what its triggers would make of them, and parents and children arrive in any order.
 * Rows go in with COPY, in the text form they came out in, one table after another in the order
 * they are queued, while the caller reads the next ones. The sequences are moved to the target's
 * positions so new rows do not collide with copied ones.
 */
export async function openSampleLoader(shadow: DatabaseClient): Promise<SampleLoader> {
  await shadow.exec('BEGIN');
  try {
    await shadow.exec('SET LOCAL session_replication_role = replica');
  } catch (error) {
    await shadow.exec('ROLLBACK').catch(() => undefined);
    if (!(error instanceof SqlExecutionError)) throw error;
    throw new PgPreflightError('SHADOW_FAILED', `cannot load the sample into the shadow: ${error.message}`, {
      hint: 'loading needs session_replication_role = replica (superuser, or rds_superuser on RDS) on the --shadow-url server',
      cause: error,
    });
  }
  // The text comes as the target printed it under the same settings (see sample-shadow.ts).
  await shadow.exec("SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'");
  let queue: Promise<void> = Promise.resolve();
  let failure: unknown;
  // Tables whose indexes wait for a rebuild at the end (see deferIndexes).
  const deferred: string[] = [];
  const touched = new Set<string>();
  let canDefer = true;
  const settle = async (): Promise<void> => {
    await queue;
    if (failure !== undefined) throw failure;
  };
  return {
    add(table, columns, lines) {
      if (lines.length === 0) return;
      const into = `${quoteQualifiedName(table.schema, table.name)} (${columns.map((c) => quoteIdentifier(c.name)).join(', ')})`;
      const rows = `${lines.join('\n')}\n`;
      const name = quoteQualifiedName(table.schema, table.name);
      queue = queue.then(async () => {
        if (failure !== undefined) return;
        try {
          if (!touched.has(name)) {
            touched.add(name);
            if (canDefer && (await deferIndexes(shadow, table))) deferred.push(name);
            else canDefer = false;
          }
          await shadow.copyIn(into, rows);
        } catch (error) {
          failure =
            error instanceof SqlExecutionError
              ? new PgPreflightError(
                  'SHADOW_FAILED',
                  `copying the sample of ${table.schema}.${table.name} into the shadow failed: ${error.message}`,
                  {
                    hint: 'the table on the target differs from the one the migrations create (see `pgpreflight drift`)',
                    cause: error,
                  },
                )
              : error;
        }
      });
    },
    async finish(sequences) {
      try {
        await settle();
        for (const name of deferred) await shadow.exec(`REINDEX TABLE ${name}`);
        for (const sequence of sequences) {
          if (sequence.lastValue === null) continue;
          await shadow.query(
            `SELECT pg_catalog.setval(c.oid, $3::bigint, true) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'S'`,
            [sequence.schema, sequence.name, sequence.lastValue],
          );
        }
        await shadow.exec('COMMIT');
      } catch (error) {
        await shadow.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async abort() {
      await queue;
      await shadow.exec('ROLLBACK').catch(() => undefined);
    },
  };
}
