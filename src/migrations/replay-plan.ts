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

/**
 * How deploy runs a parsed migration, statement by statement: `one-transaction` — the file is one
 * transaction, except statements with `aloneBecause`, which cannot run inside a transaction block
 * and run alone between the groups around them; `as-written` — the file opens and closes its own
 * transactions, so every statement runs as written.
 */
export interface DeployPlan {
  readonly mode: 'one-transaction' | 'as-written';
  readonly statements: readonly { readonly statement: Statement; readonly aloneBecause?: string }[];
}

export function deployPlan(statements: readonly Statement[]): DeployPlan {
  const use = describeTransactionUse(statements);
  if (use.begins || use.ends) return { mode: 'as-written', statements: statements.map((statement) => ({ statement })) };
  const alone = new Map(use.nonTransactional.map(({ statement, reason }) => [statement, reason]));
  for (const statement of enumValuesUsedLater(statements)) alone.set(statement, 'ALTER TYPE … ADD VALUE used later in the migration');
  return {
    mode: 'one-transaction',
    statements: statements.map((statement) => {
      const reason = alone.get(statement);
      return reason ? { statement, aloneBecause: reason } : { statement };
    }),
  };
}

// Only a file that mentions one of these can hold a statement that refuses a transaction block or
// manages transactions itself; every other file is sent whole, without paying for a parse.
const MAY_NEED_SPLITTING =
  /\b(concurrently|vacuum|reindex|cluster|tablespace|discard|commit|rollback|abort|add\s+value)\b|\b(create|alter|drop)\s+(database|subscription)\b|\balter\s+system\b/i;
// END, COMMIT's synonym, also closes every PL/pgSQL block: it only counts outside dollar-quoted
// bodies and comments ("we reapply it at the end").
const END = /\bend\b/i;
const BODIES_AND_COMMENTS = /\$([A-Za-z_][A-Za-z_0-9]*)?\$[\s\S]*?\$\1\$|--[^\n]*|\/\*[\s\S]*?\*\//g;

function mayNeedSplitting(sql: string): boolean {
  return MAY_NEED_SPLITTING.test(sql) || (END.test(sql) && END.test(sql.replace(BODIES_AND_COMMENTS, '')));
}

/**
 * How a migration is replayed: as one script (the tools run a file as one implicit transaction),
 * except that statements which cannot run inside a transaction block run alone, with the statements
 * between them grouped, so a history that production accepted (e.g. applied by psql statement by
 * statement) also replays. A file that opens and closes its own transactions is sent as written.
 */
export async function replayPlan(migration: Pick<Migration, 'sql' | 'path'>): Promise<readonly ReplayStep[]> {
  const whole: readonly ReplayStep[] = [{ sql: migration.sql, offset: 0 }];
  if (!mayNeedSplitting(migration.sql)) return whole;
  const { statements, errors } = await parseSql(migration.sql, { file: migration.path, bodies: true });
  // A file we cannot parse is PostgreSQL's to reject, with its own message.
  if (errors.length > 0) return whole;
  const plan = deployPlan(statements);
  if (plan.mode === 'as-written') return [{ ...whole[0]!, managesTransactions: true }];
  if (!plan.statements.some((s) => s.aloneBecause)) return whole;

  const steps: ReplayStep[] = [];
  let group: { start: number; end: number } | undefined;
  const flush = (): void => {
    if (group) steps.push({ sql: migration.sql.slice(group.start, group.end), offset: group.start });
    group = undefined;
  };
  for (const { statement, aloneBecause } of plan.statements) {
    if (aloneBecause) {
      flush();
      steps.push({ sql: statement.text, offset: statement.start, aloneBecause });
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
