import { startLockSampler, type SampledLock } from '../../catalog/lock-sampler.js';
import { lockStrength, readLocks, readRelationOids, type HeldLock } from '../../catalog/read-locks.js';
import { readRelfilenodes, rewrittenTables } from '../../catalog/read-relfilenodes.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import type { Migration } from '../../migrations/migration.js';
import { MigrationReplayError, replayMigrations } from '../../migrations/replay-migrations.js';
import { deployPlan } from '../../migrations/replay-plan.js';
import type { RehearsedStatement, StatementLock } from '../../report/rehearse-result.js';
import { parseSql } from '../../sql/parse-sql.js';
import type { Statement } from '../../sql/statement.js';
import { transactionControlOf } from '../../sql/transaction-control.js';

export interface TracedApplyOptions {
  /** A second connection to the shadow: with it, locks are traced (a server shadow). */
  readonly monitor?: DatabaseClient;
  /** Where it runs, for the error message. */
  readonly where: string;
}

export interface TracedApply {
  /** Each statement as it ran; undefined for a file that does not parse (sent whole, as deploy would). */
  readonly statements: readonly RehearsedStatement[] | undefined;
  readonly failure: MigrationReplayError | undefined;
  readonly ms: number;
}

interface LockRecord {
  readonly statement: number;
  readonly lock: HeldLock;
  readonly acquiredAt: number;
  releasedAt?: number;
  readonly seenBy: StatementLock['seenBy'];
}

interface Ran {
  readonly record: RehearsedStatement;
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * Applies one pending migration exactly as deploy does — the file as one transaction, statements
 * that cannot run in a transaction block alone, a file that manages its own transactions as written
 * — but statement by statement, recording each one's duration and the tables it rewrites
 * (relfilenode changed). With a monitor connection it also traces locks: inside the transaction
 * the backend's own `pg_locks` are read after every statement (a lock is kept until COMMIT, so no
 * statement is too short to be seen), and the monitor samples them while each statement runs (what
 * a statement run alone takes and releases).
 */
export async function applyTraced(client: DatabaseClient, migration: Migration, options: TracedApplyOptions): Promise<TracedApply> {
  const start = performance.now();
  const { statements, errors } = await parseSql(migration.sql, { file: migration.path, bodies: true });
  if (errors.length > 0) {
    // PostgreSQL rejects it with its own message and position, as deploy would see it.
    try {
      await replayMigrations(client, [migration], { where: options.where });
      return { statements: undefined, failure: undefined, ms: performance.now() - start };
    } catch (error) {
      if (!(error instanceof MigrationReplayError)) throw error;
      return { statements: undefined, failure: error, ms: performance.now() - start };
    }
  }

  // Timed as deploy runs it: from the first statement sent, not counting the parse.
  const applyStart = performance.now();
  const plan = deployPlan(statements);
  const monitor = options.monitor;
  const pid = monitor ? (await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]!.pid : undefined;
  const existed = monitor ? await readRelationOids(client) : new Set<string>();
  const sampler = monitor && pid !== undefined ? startLockSampler(monitor, pid) : undefined;
  const tablesBefore = await readRelfilenodes(client);
  let files = tablesBefore;
  const ran: Ran[] = [];
  const records: LockRecord[] = [];
  let open: LockRecord[] = [];
  let ours = false;
  let inBlock = false;
  let failure: MigrationReplayError | undefined;
  const release = (at: number): void => {
    for (const record of open) record.releasedAt = at;
    open = [];
  };
  const fail = (error: SqlExecutionError, line: number | undefined): void => {
    failure = new MigrationReplayError(error, migration, line, options.where);
  };

  try {
    for (const [index, { statement, aloneBecause }] of plan.statements.entries()) {
      if (plan.mode === 'one-transaction' && !aloneBecause && !ours) {
        await client.exec('BEGIN');
        ours = inBlock = true;
      } else if (aloneBecause && ours) {
        const committed = await commit(client);
        release(performance.now());
        ours = inBlock = false;
        if (committed) {
          fail(committed, undefined);
          break;
        }
      }
      const startedAt = performance.now();
      sampler?.running(index);
      const error = await client.exec(statement.text).then(
        () => undefined,
        (e: unknown) => e,
      );
      const endedAt = performance.now();
      sampler?.running(undefined);
      const base = {
        line: statement.line,
        sql: firstLine(statement.text),
        transaction: plan.mode === 'as-written' ? 'as-written' : aloneBecause ? 'alone' : 'migration',
        ...(aloneBecause ? { aloneBecause } : {}),
        ms: tenths(endedAt - startedAt),
      } as const;
      if (error !== undefined) {
        if (!(error instanceof SqlExecutionError)) throw error;
        ran.push({ record: { ...base, outcome: 'failed', rewrites: [] }, startedAt, endedAt });
        if (inBlock) await client.exec('ROLLBACK').catch(() => undefined);
        release(performance.now());
        ours = inBlock = false;
        fail(error, errorLine(statement, error));
        break;
      }
      const control = transactionControlOf(statement);
      if (control === 'begin') inBlock = true;
      if (control === 'commit' || control === 'rollback') {
        inBlock = false;
        release(endedAt);
      }
      const now = await readRelfilenodes(client);
      const rewrites = rewrittenTables(files, now).filter((table) => tablesBefore.has(table));
      files = now;
      if (monitor && inBlock) {
        for (const lock of await readLocks(client)) {
          if (lock.relation === null || open.some((r) => r.lock.oid === lock.oid && r.lock.mode === lock.mode)) continue;
          const record: LockRecord = { statement: index, lock, acquiredAt: startedAt, seenBy: 'statement-end' };
          open.push(record);
          records.push(record);
        }
      }
      ran.push({ record: { ...base, outcome: 'applied', rewrites }, startedAt, endedAt });
    }
    if (ours) {
      const committed = await commit(client);
      release(performance.now());
      ours = inBlock = false;
      if (committed) fail(committed, undefined);
    }
  } finally {
    if (inBlock && failure === undefined) await client.exec('ROLLBACK').catch(() => undefined);
    const samples = (await sampler?.stop()) ?? [];
    release(performance.now());
    records.push(...sampledOnly(samples, records, ran));
  }

  const statementsOut = ran.map(({ record }, index): RehearsedStatement => {
    if (!monitor) return record;
    const locks = records
      .filter((r) => r.statement === index && r.lock.relation !== null)
      .map((r): StatementLock => ({
        relation: r.lock.relation!,
        kind: r.lock.kind,
        mode: r.lock.mode,
        heldMs: Math.max(0, (r.releasedAt ?? r.acquiredAt) - r.acquiredAt),
        ...(existed.has(r.lock.oid) ? {} : { created: true as const }),
        seenBy: r.seenBy,
      }))
      .sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode) || a.relation.localeCompare(b.relation));
    return { ...record, locks };
  });
  return { statements: statementsOut, failure, ms: tenths(performance.now() - applyStart) };
}

/**
 * What only the sampler saw: locks taken and released within one statement (a statement run
 * alone, or a lock released before the statement ended). Held, as far as sampling can tell, from
 * the statement's start to the last sample that saw it.
 */
function sampledOnly(samples: readonly SampledLock[], records: readonly LockRecord[], ran: readonly Ran[]): LockRecord[] {
  const added: LockRecord[] = [];
  for (const sample of samples) {
    const statement = ran[sample.statement];
    if (!statement || sample.relation === null) continue;
    const covered = [...records, ...added].some(
      (r) =>
        r.lock.oid === sample.oid &&
        r.lock.mode === sample.mode &&
        r.statement <= sample.statement &&
        (r.releasedAt === undefined || r.releasedAt >= sample.firstSeenAt),
    );
    if (covered) continue;
    added.push({
      statement: sample.statement,
      lock: sample,
      acquiredAt: statement.startedAt,
      releasedAt: Math.min(statement.endedAt, sample.lastSeenAt),
      seenBy: 'sampling',
    });
  }
  return added;
}

/** COMMIT, returning the error when it fails (a deferred constraint is checked there). */
async function commit(client: DatabaseClient): Promise<SqlExecutionError | undefined> {
  try {
    await client.exec('COMMIT');
    return undefined;
  } catch (error) {
    if (!(error instanceof SqlExecutionError)) throw error;
    await client.exec('ROLLBACK').catch(() => undefined);
    return error;
  }
}

function errorLine(statement: Statement, error: SqlExecutionError): number {
  if (error.position === undefined) return statement.line;
  const before = statement.text.slice(0, error.position - 1);
  return statement.line + (before.match(/\n/g)?.length ?? 0);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}
