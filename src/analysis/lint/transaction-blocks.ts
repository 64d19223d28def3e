import type { FileDelivery, SendMode } from '../../migrations/file-delivery.js';
import { noTransactionBlockReason, transactionControlOf } from '../../sql/transaction-control.js';
import type { LintStatement } from './lint-file.js';

/**
 * The file's real transactions, modelled once for every transaction-scoped rule: its own BEGIN /
 * START TRANSACTION … COMMIT / ROLLBACK blocks, and around them what the tool does (FileDelivery):
 * statements outside a block share one transaction when the tool wraps the file or sends it as one
 * script (PostgreSQL runs a multi-statement script as one implicit transaction, which a BEGIN in it
 * turns into an explicit one that the COMMIT ends), and each is its own when the tool sends them
 * one by one. A statement the tool runs alone (CONCURRENTLY under the Supabase CLI 2.109+) is in no
 * transaction.
 */
export interface TransactionBlocks {
  /** The effective way the file is sent (Flyway sends a file with CONCURRENTLY statement by statement). */
  readonly mode: SendMode;
  /** The transaction a statement runs in (a body statement: its top-level statement's); undefined: none. */
  of(statement: LintStatement): number | undefined;
  same(a: LintStatement, b: LintStatement): boolean;
  /** Inside the file's own BEGIN … COMMIT. */
  explicit(statement: LintStatement): boolean;
  /** The top-level statements of a transaction, transaction control excluded. */
  members(transaction: number): readonly LintStatement[];
}

export function transactionBlocks(topLevel: readonly LintStatement[], delivery: FileDelivery): TransactionBlocks {
  const hasNonTransactional = topLevel.some((s) => s.statement && noTransactionBlockReason(s.statement));
  const mode: SendMode =
    delivery.nonTransactional === 'file-without-transaction' && hasNonTransactional ? 'statement-by-statement' : delivery.mode;
  const ids = new Map<LintStatement, number>();
  const inBlock = new Set<LintStatement>();
  let next = 0;
  let current: number | undefined;
  let open = false;
  for (const s of topLevel) {
    const control = s.statement ? transactionControlOf(s.statement) : undefined;
    if (control === 'begin') {
      if (!open && (mode === 'statement-by-statement' || current === undefined)) current = ++next;
      open = true;
      continue;
    }
    if (control === 'commit' || control === 'rollback' || control === 'prepare-transaction') {
      open = false;
      current = undefined;
      continue;
    }
    if (control) continue;
    if (open) {
      inBlock.add(s);
      ids.set(s, current!);
      continue;
    }
    const reason = s.statement ? noTransactionBlockReason(s.statement) : undefined;
    const alone = reason !== undefined && delivery.nonTransactional === 'alone' && (delivery.aloneReasons?.includes(reason) ?? true);
    if (alone || mode === 'statement-by-statement') {
      if (!alone) ids.set(s, ++next);
      continue;
    }
    current ??= ++next;
    ids.set(s, current);
  }
  const topOf = (s: LintStatement): LintStatement | undefined =>
    s.inBody ? topLevel.find((t) => t.statement && s.line >= t.statement.line && s.line <= t.statement.endLine) : s;
  const of = (s: LintStatement): number | undefined => {
    const top = topOf(s);
    return top ? ids.get(top) : undefined;
  };
  return {
    mode,
    of,
    same: (a, b) => {
      const x = of(a);
      return x !== undefined && x === of(b);
    },
    explicit: (s) => {
      const top = topOf(s);
      return top !== undefined && inBlock.has(top);
    },
    members: (transaction) => topLevel.filter((s) => ids.get(s) === transaction),
  };
}
