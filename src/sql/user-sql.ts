import { PgPreflightError } from '../core/pgpreflight-error.js';
import { parseSql } from './parse-sql.js';
import type { Statement } from './statement.js';

/**
 * Text from the config or a file that pgpreflight sends to a target (invariants, unique[].where,
 * workflow files). It reaches the server over the extended protocol (one statement a query), but a
 * text that holds several statements, or one that ends the transaction or runs a program on the
 * server, is refused here first, before anything runs, naming the setting.
 */

/**
 * The statements a read-only check may be: a query (SELECT, VALUES, TABLE, WITH…), SHOW, EXPLAIN —
 * and the writes a READ ONLY transaction refuses itself (reported as the query's failure, 25006).
 * Everything else (COMMIT, SET, COPY, CALL, DO…) could act outside that transaction: refused.
 */
const QUERY_KINDS: ReadonlySet<string> = new Set([
  'SelectStmt',
  'VariableShowStmt',
  'ExplainStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
]);

/** One statement that is a query; `setting` names where the text came from (`invariants[0].sql`). */
export async function assertUserQuery(text: string, setting: string): Promise<void> {
  const statements = await parsedStatements(text);
  // What does not parse is reported by the server as the query's failure (42601), one statement at most.
  if (statements === undefined) return;
  if (statements.length !== 1) throw severalStatements(setting, statements);
  const [statement] = statements;
  if (!QUERY_KINDS.has(statement!.kind)) {
    throw invalid(
      `${setting} is ${describe(statement!)}, not a query`,
      'a check is one SELECT (or WITH … SELECT, VALUES, SHOW) whose rows are the answer',
    );
  }
}

/** A WHERE condition spliced into pgpreflight's own query must be one expression and nothing more. */
export async function assertUserCondition(text: string, setting: string): Promise<void> {
  // Parenthesised as pgpreflight's query splices it: a text that only parses by closing that parenthesis is refused.
  const parsed = await parseSql(`SELECT 1 FROM pgpreflight_table WHERE (${text})`, { bodies: false });
  const hint = 'give one boolean expression over the table\'s columns, e.g. "deleted_at IS NULL"';
  if (parsed.errors.length) throw invalid(`${setting} is not one condition: ${parsed.errors[0]!.message.split('\n')[0]}`, hint);
  const statements = parsed.statements;
  if (statements.length !== 1)
    throw invalid(`${setting} is not one condition: it ends the query and adds ${statements.length - 1} statement(s)`, hint);
  const select = statements[0]!.ast as Record<string, unknown>;
  const extra = Object.keys(select).filter((key) => !['targetList', 'fromClause', 'whereClause', 'limitOption', 'op'].includes(key));
  if (select.op !== 'SETOP_NONE' || extra.length)
    throw invalid(`${setting} is not one condition: it changes the rest of the query (${extra.join(', ') || 'a set operation'})`, hint);
}

/**
 * The statements of a workflow file, each to run alone inside the workflow's own transaction,
 * which is always rolled back: a statement that ends or splits that transaction, or one whose
 * effect no rollback undoes (COPY to or from a program or a server file), is refused.
 */
export async function userScriptStatements(text: string, setting: string): Promise<readonly string[]> {
  const parsed = await parseSql(text, { bodies: false });
  const error = parsed.errors[0];
  if (error) throw invalid(`${setting} line ${error.line ?? 1}: ${error.message.split('\n')[0]}`, 'fix the SQL of the workflow file');
  const statements = parsed.statements;
  for (const statement of statements) {
    if (statement.kind === 'TransactionStmt') {
      throw invalid(
        `${setting} line ${statement.line}: ${describe(statement)} is not allowed in a workflow`,
        'a workflow runs in one transaction that pgpreflight rolls back; remove the transaction control',
      );
    }
    const copy = statement.kind === 'CopyStmt' ? (statement.ast as { is_program?: boolean; filename?: string }) : undefined;
    if (copy?.is_program || copy?.filename) {
      throw invalid(
        `${setting} line ${statement.line}: COPY ${copy.is_program ? 'with a PROGRAM' : 'to or from a server file'} is not allowed in a workflow`,
        'its effect happens outside the database, where no rollback undoes it; use COPY … FROM STDIN / TO STDOUT or INSERT',
      );
    }
  }
  return statements.map((s) => s.text);
}

async function parsedStatements(text: string): Promise<readonly Statement[] | undefined> {
  const parsed = await parseSql(text, { bodies: false });
  return parsed.errors.length ? undefined : parsed.statements;
}

function severalStatements(setting: string, statements: readonly Statement[]): PgPreflightError {
  return invalid(
    `${setting} holds ${statements.length} statements (${statements.map(describe).join(', ')}), not one query`,
    'a check is one SELECT whose rows are the answer; split it into several entries',
  );
}

/** `a COMMIT statement`, `a DELETE statement`: what a person would call it. */
function describe(statement: Statement): string {
  const word = /^\s*([A-Za-z]+)/.exec(statement.text)?.[1]?.toUpperCase() ?? statement.kind;
  return `a ${word} statement`;
}

function invalid(message: string, hint: string): PgPreflightError {
  return new PgPreflightError('CONFIG_INVALID', message, { hint });
}
