import type { LintRule } from '../lint-rule.js';

export const transactionNotClosed: LintRule = {
  id: 'transaction-not-closed',
  category: 'hygiene',
  severity: 'error',
  summary: 'BEGIN without COMMIT',
  rationale:
    'A migration that opens a transaction and never commits it is rolled back when the session ends: the tool records it as applied, the database has none of it.',
  help: 'end the file with COMMIT (or remove BEGIN and let the tool manage the transaction)',
  examples: {
    bad: ['BEGIN;\nALTER TABLE orders ADD COLUMN note text;'],
    good: ['BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;'],
  },
  check(file) {
    let open: (typeof file.topLevel)[number] | undefined;
    for (const s of file.topLevel) {
      if (s.kind !== 'TransactionStmt') continue;
      const kind = String(s.ast.kind);
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') open = s;
      else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK') open = undefined;
    }
    return open ? [{ statement: open, message: 'opens a transaction the file never commits' }] : [];
  },
};
