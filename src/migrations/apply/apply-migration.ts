import { sleep } from '../../core/sleep.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import { lineAt } from '../../sql/line-at.js';
import { parseSql } from '../../sql/parse-sql.js';
import type { HistoryWriter } from '../history-writer.js';
import type { Migration } from '../migration.js';
import { replayPlan, type ReplayStep } from '../replay-plan.js';
import { dropNewInvalidIndexes, invalidIndexes, type IndexScope } from './invalid-indexes.js';
import { locateFailure, MigrationApplyError } from './migration-apply-error.js';

export interface ApplySettings {
  /** lock_timeout of every statement (default 5 s): a migration never queues long ahead of traffic. */
  readonly lockTimeoutMs: number;
  /** statement_timeout; 0 for none. */
  readonly statementTimeoutMs: number;
  /** How many times a step is tried when it cannot get its lock (55P03) or deadlocks (40P01). */
  readonly maxAttempts: number;
  /** Wait before try n+1 (n ≥ 1). */
  readonly backoffMs: (attempt: number) => number;
}

export const DEFAULT_APPLY_SETTINGS: ApplySettings = {
  lockTimeoutMs: 5_000,
  statementTimeoutMs: 0,
  maxAttempts: 5,
  backoffMs: (attempt) => Math.min(30_000, 1_000 * 2 ** (attempt - 1)),
};

export type ApplyEvent =
  | { readonly kind: 'step'; readonly migration: string; readonly step: number; readonly steps: number; readonly alone?: string }
  | {
      readonly kind: 'retry';
      readonly migration: string;
      readonly step: number;
      readonly attempt: number;
      readonly waitMs: number;
      readonly sqlState: string;
      readonly message: string;
    }
  | { readonly kind: 'invalid-index-dropped'; readonly migration: string; readonly index: string };

export interface StepRecord {
  readonly line: number;
  readonly ms: number;
  readonly attempts: number;
  readonly alone?: string;
}

export interface AppliedMigration {
  readonly id: string;
  readonly ms: number;
  readonly steps: readonly StepRecord[];
  /** Lock waits that were retried: what the deploy had to wait for. */
  readonly retries: readonly Extract<ApplyEvent, { kind: 'retry' }>[];
  readonly droppedInvalidIndexes: readonly string[];
}

export interface ApplyOptions {
  /** The tool's history; none for a rollback script, whose history the caller records. */
  readonly writer?: HistoryWriter;
  readonly settings?: Partial<ApplySettings>;
  readonly onEvent?: (event: ApplyEvent) => void;
  /** Called after each committed step, so a journal can say how far a non-transactional migration got. */
  readonly onStepCommitted?: (done: number, total: number) => Promise<void>;
  /** Set when the run is being interrupted: no more retries. */
  readonly signal?: AbortSignal;
}

const RETRYABLE = new Set(['55P03', '40P01', '40001']);

/**
 * Applies one migration to a real target the way its tool does, with the history row its tool
 * writes: the file in one transaction, statements that cannot run in one (CREATE INDEX
 * CONCURRENTLY, an enum value used later, VACUUM) alone, every step under lock_timeout and
 * statement_timeout, a lock wait retried with back-off, and the INVALID index a failed concurrent
 * build leaves dropped. On failure the error carries how far it got, so the caller knows whether
 * anything of it remains.
 */
export async function applyMigration(db: DatabaseClient, migration: Migration, options: ApplyOptions): Promise<AppliedMigration> {
  const settings = { ...DEFAULT_APPLY_SETTINGS, ...options.settings };
  const { writer } = options;
  const steps = await replayPlan(migration);
  const started = performance.now();
  await db.exec(
    `SET lock_timeout = ${Math.floor(settings.lockTimeoutMs)}; SET statement_timeout = ${Math.floor(settings.statementTimeoutMs)}`,
  );
  const handle = await writer?.started(db, migration);
  const records: StepRecord[] = [];
  const retries: Extract<ApplyEvent, { kind: 'retry' }>[] = [];
  const dropped: string[] = [];
  const lastTransactional = !steps.at(-1)!.aloneBecause && !steps.at(-1)!.managesTransactions;
  const recordInTransaction = writer?.recordsWithMigration === true && lastTransactional;

  for (const [index, step] of steps.entries()) {
    const isLast = index === steps.length - 1;
    options.onEvent?.({
      kind: 'step',
      migration: migration.id,
      step: index + 1,
      steps: steps.length,
      ...(step.aloneBecause ? { alone: step.aloneBecause } : {}),
    });
    const scope = step.aloneBecause ? await indexScopeOf(step.sql) : undefined;
    const before = scope ? await invalidIndexes(db, scope) : undefined;
    for (let attempt = 1; ; attempt++) {
      const stepStart = performance.now();
      try {
        const record =
          isLast && recordInTransaction
            ? () => writer!.succeeded(db, migration, handle, { durationMs: performance.now() - started })
            : undefined;
        await runStep(db, step, record);
        records.push({
          line: lineAt(migration.sql, step.offset),
          ms: performance.now() - stepStart,
          attempts: attempt,
          ...(step.aloneBecause ? { alone: step.aloneBecause } : {}),
        });
        break;
      } catch (error) {
        const sqlError = error instanceof SqlExecutionError ? error : undefined;
        // A failed concurrent build leaves an INVALID index that a retry would collide with.
        const droppedNow = before ? await dropNewInvalidIndexes(db, before, scope).catch(() => []) : [];
        dropped.push(...droppedNow);
        for (const index of droppedNow) options.onEvent?.({ kind: 'invalid-index-dropped', migration: migration.id, index });
        if (sqlError && RETRYABLE.has(sqlError.sqlState) && attempt < settings.maxAttempts && !options.signal?.aborted) {
          const waitMs = settings.backoffMs(attempt);
          const event = {
            kind: 'retry',
            migration: migration.id,
            step: index + 1,
            attempt,
            waitMs,
            sqlState: sqlError.sqlState,
            message: sqlError.message,
          } as const;
          retries.push(event);
          options.onEvent?.(event);
          await sleep(waitMs, options.signal);
          continue;
        }
        const failing = await locateFailure(migration, step, error).catch(() => undefined);
        const failure = new MigrationApplyError(migration, error, {
          step: index,
          steps,
          partial: index > 0 || step.managesTransactions === true,
          ...(failing ? { failing } : {}),
          droppedInvalidIndexes: droppedNow,
          historyKeepsFailure: writer !== undefined && !writer.recordsWithMigration,
        });
        if (sqlError && writer) {
          await writer.failed(db, migration, handle, writer.failureLogs(migration, sqlError, step.offset)).catch(() => undefined);
        }
        throw failure;
      }
    }
    await options.onStepCommitted?.(index + 1, steps.length);
  }
  if (writer && !recordInTransaction) await writer.succeeded(db, migration, handle, { durationMs: performance.now() - started });
  return { id: migration.id, ms: performance.now() - started, steps: records, retries, droppedInvalidIndexes: dropped };
}

/** One step: alone (autocommit), as written (the file manages its transactions), or in BEGIN … COMMIT. */
async function runStep(db: DatabaseClient, step: ReplayStep, inTransaction?: () => Promise<void>): Promise<void> {
  if (step.aloneBecause || step.managesTransactions) {
    await db.exec(step.sql);
    return;
  }
  await db.exec('BEGIN');
  try {
    await db.exec(step.sql);
    await inTransaction?.();
    await db.exec('COMMIT');
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The index a concurrent build or reindex names, or its table; undefined for other statements. */
async function indexScopeOf(sql: string): Promise<IndexScope | undefined> {
  const { statements } = await parseSql(sql, { bodies: false });
  const statement = statements[0];
  if (statement?.kind === 'IndexStmt') {
    const ast = statement.ast as { idxname?: string; relation?: { relname?: string } };
    return ast.idxname ? { index: ast.idxname } : { table: ast.relation?.relname ?? '' };
  }
  if (statement?.kind === 'ReindexStmt') {
    const ast = statement.ast as { relation?: { relname?: string } };
    return ast.relation?.relname ? { table: ast.relation.relname } : undefined;
  }
  return undefined;
}
