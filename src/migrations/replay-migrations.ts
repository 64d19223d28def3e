import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { DatabaseClient } from '../db/database-client.js';
import { SqlExecutionError } from '../db/sql-execution-error.js';
import { lineAt } from '../sql/line-at.js';
import { parseSql } from '../sql/parse-sql.js';
import type { Migration } from './migration.js';
import { replayPlan, type ReplayStep } from './replay-plan.js';

export interface ReplayOptions {
  /** Called after each migration, for a progress line. */
  readonly onMigration?: (done: number, total: number, migration: Migration) => void;
  /** Where the replay runs, for the error message ("the embedded shadow"). */
  readonly where?: string;
}

/**
 * Applies migrations in order as their tool would, to rebuild a schema (the shadow). An error names
 * the file, the line of the statement that failed, and the SQLSTATE, so a person sees what the
 * shadow could not run.
 */
export async function replayMigrations(
  client: DatabaseClient,
  migrations: readonly Migration[],
  options: ReplayOptions = {},
): Promise<void> {
  let done = 0;
  for (const migration of migrations) {
    for (const step of await replayPlan(migration)) {
      try {
        await client.exec(step.sql);
      } catch (error) {
        if (!(error instanceof SqlExecutionError)) throw error;
        const line =
          error.position === undefined
            ? await failingStatementLine(client, migration, step)
            : lineAt(migration.sql, step.offset + error.position - 1);
        throw new MigrationReplayError(error, migration, line, options.where ?? 'the shadow database');
      }
    }
    options.onMigration?.(++done, migrations.length, migration);
  }
}

/**
 * PostgreSQL gives no position for many errors (a missing column in CREATE INDEX, a constraint that
 * existing rows violate). The failed step was rolled back whole, so its statements run again one by
 * one inside a transaction that is then rolled back: the first to fail is the one.
 */
async function failingStatementLine(client: DatabaseClient, migration: Migration, step: ReplayStep): Promise<number | undefined> {
  const { statements, errors } = await parseSql(step.sql, { bodies: false });
  if (errors.length > 0 || statements.length === 0) return undefined;
  const fileLine = (statementLine: number): number => lineAt(migration.sql, step.offset) + statementLine - 1;
  if (statements.length === 1) return fileLine(statements[0]!.line);
  await client.exec('BEGIN');
  try {
    for (const statement of statements) {
      try {
        await client.exec(statement.text);
      } catch {
        return fileLine(statement.line);
      }
    }
    return undefined;
  } finally {
    await client.exec('ROLLBACK').catch(() => undefined);
  }
}

/**
 * A migration PostgreSQL rejected during a replay, with what a finding needs: the migration, the
 * line of the failing statement, the SQLSTATE and PostgreSQL's own words.
 */
export class MigrationReplayError extends PgPreflightError {
  readonly migration: Migration;
  readonly line: number | undefined;
  readonly error: SqlExecutionError;
  /** The shadow lacks something (an extension, a feature) rather than the migration being wrong. */
  readonly unsupported: boolean;

  constructor(error: SqlExecutionError, migration: Migration, line: number | undefined, where: string) {
    const unsupported = error.sqlState === '0A000' || error.sqlState === '58P01' || /extension .* is not available/i.test(error.message);
    super(
      'SHADOW_FAILED',
      `${migration.path}${line === undefined ? '' : `:${line}`}: replaying on ${where} failed: ${error.message} (SQLSTATE ${error.sqlState})`,
      {
        hint: unsupported
          ? 'the embedded shadow (PGlite) lacks what this migration needs; a PostgreSQL server shadow (--shadow-url) is planned with `rehearse`'
          : 'this migration does not apply on a database built from the migrations before it; the history and the files disagree',
        sqlState: error.sqlState,
        cause: error,
      },
    );
    this.migration = migration;
    this.line = line;
    this.error = error;
    this.unsupported = unsupported;
  }
}
