import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import { lineAt } from '../../sql/line-at.js';
import { parseSql } from '../../sql/parse-sql.js';
import type { Migration } from '../migration.js';
import type { ReplayStep } from '../replay-plan.js';

/**
 * A migration the target rejected during a deploy: the statement, its line, PostgreSQL's words and
 * SQLSTATE, and whether anything of it was committed before the failure (`partial`) — a
 * transactional migration that failed left nothing behind; a non-transactional one may have.
 */
export class MigrationApplyError extends PgPreflightError {
  readonly migration: Migration;
  readonly line: number;
  readonly statement: string;
  readonly stepsDone: number;
  readonly stepsTotal: number;
  readonly partial: boolean;
  readonly sql: SqlExecutionError | undefined;

  constructor(
    migration: Migration,
    error: unknown,
    where: {
      step: number;
      steps: readonly ReplayStep[];
      partial: boolean;
      failing?: { line: number; statement: string };
      /** INVALID indexes the failed concurrent build left, dropped before this error was raised. */
      droppedInvalidIndexes?: readonly string[];
      /** The tool's history keeps a failed row (Prisma): the next deploy waits for `resolve`. */
      historyKeepsFailure?: boolean;
    },
  ) {
    const again = where.historyKeepsFailure
      ? `, then \`pgpreflight resolve ${migration.id} --rolled-back\` (the history keeps the failure, as the tool does) and deploy again`
      : ' and deploy again';
    const step = where.steps[where.step]!;
    const sql = error instanceof SqlExecutionError ? error : undefined;
    const line = where.failing?.line ?? lineAt(migration.sql, step.offset);
    const reason = sql ? `${sql.message} (SQLSTATE ${sql.sqlState})` : error instanceof Error ? error.message : String(error);
    super('DB_QUERY_FAILED', `${migration.path}:${line}: ${migration.id} failed on the target: ${reason}`, {
      hint: where.partial
        ? 'part of this migration was committed before the failure (it cannot run in one transaction): inspect the target, then finish or undo it and record the outcome with `pgpreflight resolve`'
        : step.aloneBecause
          ? `its statement ran outside a transaction (${step.aloneBecause}) and nothing before it was committed${droppedText(where.droppedInvalidIndexes)}: fix the migration (or the data)${again}`
          : `it ran in one transaction, so nothing of it remains on the target: fix the migration (or the data)${again}`,
      ...(sql ? { sqlState: sql.sqlState } : {}),
      cause: error,
    });
    this.migration = migration;
    this.line = line;
    this.statement = (where.failing?.statement ?? step.sql).trim();
    this.stepsDone = where.step;
    this.stepsTotal = where.steps.length;
    this.partial = where.partial;
    this.sql = sql;
    this.droppedInvalidIndexes = where.droppedInvalidIndexes ?? [];
  }
  readonly droppedInvalidIndexes: readonly string[];
}

const droppedText = (dropped: readonly string[] | undefined): string =>
  dropped?.length
    ? `; the failed build left the INVALID index ${dropped.join(', ')}, which pgpreflight dropped (DROP INDEX CONCURRENTLY), so nothing of it remains`
    : '';

/**
 * The statement of a failed step: at PostgreSQL's error position when it gives one, else the one
 * naming the constraint or table of the error, else the step's only statement. Never re-runs
 * anything on the target to find out.
 */
export async function locateFailure(
  migration: Migration,
  step: ReplayStep,
  error: unknown,
): Promise<{ line: number; statement: string } | undefined> {
  const { statements, errors } = await parseSql(step.sql, { bodies: false });
  if (errors.length > 0 || statements.length === 0) return undefined;
  const sql = error instanceof SqlExecutionError ? error : undefined;
  const at = sql?.position !== undefined && sql.position > 0 ? sql.position - 1 : undefined;
  const named = (name: string | undefined): (typeof statements)[number] | undefined =>
    name === undefined ? undefined : statements.find((statement) => statement.text.includes(name));
  const found =
    (at !== undefined ? statements.find((statement) => at >= statement.start && at < statement.end) : undefined) ??
    named(sql?.constraint) ??
    named(sql?.table) ??
    (statements.length === 1 ? statements[0] : undefined);
  return found ? { line: lineAt(migration.sql, step.offset + found.start), statement: found.text } : undefined;
}
