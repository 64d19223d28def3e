import { isPgPreflightError } from '../../core/pgpreflight-error.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { guardTransaction } from '../../db/guard-transaction.js';
import { SqlExecutionError } from '../../db/sql-execution-error.js';
import { userScriptStatements } from '../../sql/user-sql.js';

/** A critical workflow: how the team says "a coordinator can mark a schedule item completed". */
export interface Workflow {
  readonly name: string;
  /** SQL run statement by statement (each over the extended protocol), no transaction control… */
  readonly sql?: string;
  /** …or a function given a query function. */
  readonly run?: (db: { query(text: string, params?: readonly unknown[]): Promise<{ rows: readonly unknown[] }> }) => Promise<unknown>;
  readonly timeoutMs?: number;
}

export interface WorkflowOutcome {
  readonly passed: boolean;
  readonly ms: number;
  readonly sqlState?: string;
  readonly error?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly detail?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Runs a workflow in its own transaction with a statement timeout, and always rolls it back: the
 * shadow (or, in deploy, the target) is the same before and after, so the same workflow can run
 * again after each migration. A statement that would end that transaction is refused before
 * anything runs, and one that ends it anyway stops the workflow (TRANSACTION_ENDED).
 */
export async function runWorkflow(client: DatabaseClient, workflow: Workflow): Promise<WorkflowOutcome> {
  const statements = workflow.sql !== undefined ? await userScriptStatements(workflow.sql, `workflow "${workflow.name}"`) : [];
  const start = performance.now();
  await client.exec(`BEGIN; SET LOCAL statement_timeout = ${Math.floor(workflow.timeoutMs ?? DEFAULT_TIMEOUT_MS)}`);
  const tx = guardTransaction(client, `workflow "${workflow.name}"`);
  try {
    for (const statement of statements) await tx.query(statement);
    if (workflow.run) await workflow.run({ query: (text, params) => tx.query(text, params) });
    return { passed: true, ms: performance.now() - start };
  } catch (error) {
    if (isPgPreflightError(error) && error.code === 'TRANSACTION_ENDED') throw error;
    const ms = performance.now() - start;
    if (error instanceof SqlExecutionError) {
      return {
        passed: false,
        ms,
        sqlState: error.sqlState,
        error: error.message,
        ...(error.constraint ? { constraint: error.constraint } : {}),
        ...(error.table ? { table: error.table } : {}),
        ...(error.column ? { column: error.column } : {}),
        ...(error.detail ? { detail: error.detail } : {}),
      };
    }
    return { passed: false, ms, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.exec('ROLLBACK').catch(() => undefined);
  }
}
