import type { LintRule } from '../lint-rule.js';

export const concurrentlyInTransaction: LintRule = {
  id: 'concurrently-in-transaction',
  category: 'locking',
  severity: 'error',
  summary: 'CONCURRENTLY inside a transaction, or beside other statements the tool runs as one transaction',
  rationale:
    'CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY refuse to run in a transaction block (SQLSTATE 25001). Prisma and most tools send a migration file as one script, which PostgreSQL runs as one implicit transaction, so the deploy fails — and if the tool splits statements itself, a failure leaves an INVALID index behind.',
  help: 'put the CONCURRENTLY statement alone in its own migration file, without BEGIN/COMMIT',
  examples: {
    bad: [
      'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
      'BEGIN;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\nCOMMIT;',
    ],
    good: ['CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);'],
  },
  check(file) {
    const concurrent = file.topLevel.filter(
      (s) =>
        (s.kind === 'IndexStmt' && s.ast.concurrent) ||
        (s.kind === 'DropStmt' && s.ast.concurrent) ||
        (s.kind === 'ReindexStmt' && JSON.stringify(s.ast.params ?? []).includes('"concurrently"')),
    );
    const others = file.topLevel.filter((s) => !concurrent.includes(s) && s.kind !== 'TransactionStmt' && s.kind !== 'VariableSetStmt');
    const explicit = file.topLevel.some((s) => s.kind === 'TransactionStmt');
    if (concurrent.length === 0 || (!explicit && others.length === 0 && concurrent.length === 1)) return [];
    return concurrent.map((s) => ({
      statement: s,
      message: explicit
        ? 'runs CONCURRENTLY inside BEGIN … COMMIT: PostgreSQL refuses it (SQLSTATE 25001)'
        : 'runs CONCURRENTLY in a file with other statements: sent as one script it is one transaction, and PostgreSQL refuses it (SQLSTATE 25001)',
    }));
  },
};
