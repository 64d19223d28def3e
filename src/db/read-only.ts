import type { DatabaseClient } from './database-client.js';
import { guardTransaction } from './guard-transaction.js';

export interface ReadOnlyOptions {
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
}

const DEFAULTS = { statementTimeoutMs: 30_000, lockTimeoutMs: 2_000 } as const;

/**
 * Runs work on the target inside a READ ONLY transaction with statement and lock timeouts, then
 * rolls back (SPEC principle 6). Even a bug in a probe cannot write, and a probe stuck behind a lock
 * gives up instead of queueing ahead of production traffic.
 *
 * The guarantee holds whatever a query says: the opening SELECT takes the transaction's snapshot,
 * after which PostgreSQL refuses `SET transaction_read_only = off`; `work` gets a client that
 * stops at once if a statement ended the transaction (COMMIT, ROLLBACK); and every `query` is one
 * statement (the extended protocol). Session settings changed inside are undone by the rollback.
 */
export async function withReadOnlyTransaction<T>(
  client: DatabaseClient,
  work: (client: DatabaseClient) => Promise<T>,
  options: ReadOnlyOptions = {},
): Promise<T> {
  const statementTimeout = Math.max(0, Math.floor(options.statementTimeoutMs ?? DEFAULTS.statementTimeoutMs));
  const lockTimeout = Math.max(0, Math.floor(options.lockTimeoutMs ?? DEFAULTS.lockTimeoutMs));
  await client.exec(
    `BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; ` +
      `SET LOCAL statement_timeout = ${statementTimeout}; SET LOCAL lock_timeout = ${lockTimeout}; SELECT 1`,
  );
  try {
    return await work(guardTransaction(client, 'a read-only check'));
  } finally {
    await client.exec('ROLLBACK').catch(() => undefined);
  }
}
