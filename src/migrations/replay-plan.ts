import { parseSql } from '../sql/parse-sql.js';
import type { Statement } from '../sql/statement.js';
import { describeTransactionUse } from '../sql/transaction-control.js';
import type { Migration } from './migration.js';

/** One piece of a migration sent to the database in one call. */
export interface ReplayStep {
  readonly sql: string;
  /** Offset of `sql` in the migration file, to turn an error position into a file line. */
  readonly offset: number;
  /** Why it runs alone, outside any transaction (e.g. 'CREATE INDEX CONCURRENTLY'). */
  readonly aloneBecause?: string;
  /** The file opens and ends its own transactions: it is sent as written, never wrapped in one. */
  readonly managesTransactions?: true;
}

// Only a file that mentions one of these can hold a statement that refuses a transaction block or
// manages transactions itself; every other file is sent whole, without paying for a parse.
const MAY_NEED_SPLITTING =
  /\b(concurrently|vacuum|reindex|cluster|database|system|tablespace|discard|subscription|commit|rollback|end|abort|add\s+value)\b/i;

/**
 * How a migration is replayed: as one script (the tools run a file as one implicit transaction),
 * except that statements which cannot run inside a transaction block run alone, with the statements
 * between them grouped, so a history that production accepted (e.g. applied by psql statement by
 * statement) also replays. A file that opens and closes its own transactions is sent as written.
 */
export async function replayPlan(migration: Pick<Migration, 'sql' | 'path'>): Promise<readonly ReplayStep[]> {
  const whole: readonly ReplayStep[] = [{ sql: migration.sql, offset: 0 }];
  if (!MAY_NEED_SPLITTING.test(migration.sql)) return whole;
  const { statements, errors } = await parseSql(migration.sql, { file: migration.path, bodies: true });
  // A file we cannot parse is PostgreSQL's to reject, with its own message.
  if (errors.length > 0) return whole;
  const use = describeTransactionUse(statements);
  if (use.begins || use.ends) return [{ ...whole[0]!, managesTransactions: true }];
  const alone = new Map(use.nonTransactional.map(({ statement, reason }) => [statement, reason]));
  for (const statement of enumValuesUsedLater(statements)) {
    alone.set(statement, 'ALTER TYPE … ADD VALUE used later in the migration');
  }
  if (alone.size === 0) return whole;

  const steps: ReplayStep[] = [];
  let group: { start: number; end: number } | undefined;
  const flush = (): void => {
    if (group) steps.push({ sql: migration.sql.slice(group.start, group.end), offset: group.start });
    group = undefined;
  };
  for (const statement of statements) {
    const reason = alone.get(statement);
    if (reason) {
      flush();
      steps.push({ sql: statement.text, offset: statement.start, aloneBecause: reason });
    } else if (group) {
      group.end = statement.end;
    } else {
      group = { start: statement.start, end: statement.end };
    }
  }
  flush();
  return steps;
}

/**
 * A label added by ALTER TYPE … ADD VALUE cannot be used in the transaction that adds it (SQLSTATE
 * 55P04), so when a later statement of the file names it, the ADD VALUE is committed on its own.
 */
function enumValuesUsedLater(statements: readonly Statement[]): Statement[] {
  const found: Statement[] = [];
  statements.forEach((statement, index) => {
    if (statement.kind !== 'AlterEnumStmt') return;
    const label = (statement.ast as { newVal?: string; oldVal?: string }).newVal;
    if (label === undefined || (statement.ast as { oldVal?: string }).oldVal !== undefined) return;
    const literal = `'${label.replaceAll("'", "''")}'`;
    if (statements.slice(index + 1).some((later) => later.text.includes(literal))) found.push(statement);
  });
  return found;
}
