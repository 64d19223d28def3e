import type { CatalogSequenceStatistics } from '../../catalog/catalog-snapshot.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';
import type { TableRows } from './read-sample.js';

// Rows per INSERT, and a bound on the text sent at once.
const BATCH_ROWS = 20_000;
const BATCH_CHARS = 8_000_000;

/**
 * Loads sampled rows into the shadow in one transaction, with triggers and foreign-key checks off
 * (`session_replication_role = replica`, which PGlite allows too): the rows are what production
 * holds, not what its triggers would make of them, and parents and children arrive in any order.
 * Each batch is one INSERT of text values cast to the table's row type, as COPY would read them.
 * The sequences are moved to the target's positions so new rows do not collide with copied ones.
 */
export async function loadSample(
  shadow: DatabaseClient,
  tables: readonly TableRows[],
  sequences: readonly CatalogSequenceStatistics[],
): Promise<void> {
  await shadow.exec('BEGIN');
  try {
    try {
      await shadow.exec('SET LOCAL session_replication_role = replica');
    } catch (error) {
      if (!(error instanceof SqlExecutionError)) throw error;
      throw new PgPreflightError('SHADOW_FAILED', `cannot load the sample into the shadow: ${error.message}`, {
        hint: 'loading needs session_replication_role = replica (superuser, or rds_superuser on RDS) on the --shadow-url server',
        cause: error,
      });
    }
    await shadow.exec("SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'");
    for (const { table, records } of tables) {
      if (records.length === 0) continue;
      const name = quoteQualifiedName(table.schema, table.name);
      const columns = table.columns.filter((c) => !c.generated).map((c) => quoteIdentifier(c.name));
      const sql = `INSERT INTO ${name} (${columns.join(', ')}) OVERRIDING SYSTEM VALUE SELECT ${columns.map((c) => `(s.x).${c}`).join(', ')} FROM (SELECT u.r::${name} AS x FROM unnest($1::text[]) AS u(r) OFFSET 0) s`;
      for (let start = 0; start < records.length;) {
        let end = start;
        let chars = 0;
        while (end < records.length && end - start < BATCH_ROWS && chars < BATCH_CHARS) chars += records[end++]!.length;
        try {
          await shadow.query(sql, [records.slice(start, end)]);
        } catch (error) {
          if (!(error instanceof SqlExecutionError)) throw error;
          throw new PgPreflightError(
            'SHADOW_FAILED',
            `copying the sample of ${table.schema}.${table.name} into the shadow failed: ${error.message}`,
            {
              hint: 'the table on the target differs from the one the migrations create (see `pgpreflight drift`)',
              cause: error,
            },
          );
        }
        start = end;
      }
    }
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
}
