import type { Severity } from '../../core/finding.js';
import type { LintFile, LintStatement } from './lint-file.js';

/**
 * Why two statements share a transaction, in words, for a transaction-scoped rule's message —
 * and, when that rests on an assumption about the tool, the hit is a warning that names it.
 */
export function sharedTransaction(file: LintFile, statement: LintStatement): { readonly why: string; readonly severity?: Severity } {
  if (file.transactions.explicit(statement)) return { why: "the file's own BEGIN … COMMIT" };
  const { delivery } = file;
  const why =
    file.transactions.mode === 'one-transaction'
      ? `${delivery.runner} runs the file in one transaction`
      : `${delivery.runner} sends the file as one script, which PostgreSQL runs as one implicit transaction`;
  return delivery.assumption ? { why: `${why} (${delivery.assumption})`, severity: 'warning' } : { why };
}
