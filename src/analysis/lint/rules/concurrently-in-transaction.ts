import type { LintRule } from '../lint-rule.js';
import type { LintFile, LintStatement } from '../lint-file.js';
import { sharedTransaction } from '../shared-transaction.js';

const isConcurrent = (s: LintStatement): boolean =>
  (s.kind === 'IndexStmt' && Boolean(s.ast.concurrent)) ||
  (s.kind === 'DropStmt' && Boolean(s.ast.concurrent)) ||
  (s.kind === 'ReindexStmt' && JSON.stringify(s.ast.params ?? []).includes('"concurrently"'));

export const concurrentlyInTransaction: LintRule = {
  id: 'concurrently-in-transaction',
  category: 'locking',
  severity: 'error',
  summary: 'CONCURRENTLY inside a transaction: the file’s own BEGIN … COMMIT, or the one its tool runs it in',
  rationale:
    'CREATE/DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY refuse to run in a transaction block (SQLSTATE 25001). Whether they end up in one depends on how the tool sends the file: dbmate and Flyway wrap it in a transaction, golang-migrate and Prisma before 7.4 send it as one script (one implicit transaction when it holds more than one statement), the Supabase CLI before v2.109 sends it in one pipeline with its history row; Prisma 7.4+ sends statements one by one, and the Supabase CLI 2.109+ runs CONCURRENTLY alone. The rule asks the file’s layout, directives and tool version; when none tells, it warns and names what it assumed.',
  help: 'put the CONCURRENTLY statement alone in its own migration file, without BEGIN/COMMIT (dbmate: `-- migrate:up transaction:false`; Flyway: a `V…__x.sql.conf` with executeInTransaction=false)',
  examples: {
    bad: [
      'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);',
      "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);",
      'BEGIN;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\nCOMMIT;',
    ],
    good: ['CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);', 'DROP INDEX CONCURRENTLY orders_note_idx;'],
  },
  check(file) {
    return file.topLevel.filter(isConcurrent).flatMap((s) => {
      if (file.transactions.explicit(s)) {
        return [{ statement: s, message: 'runs CONCURRENTLY inside BEGIN … COMMIT: PostgreSQL refuses it (SQLSTATE 25001)' }];
      }
      if (file.delivery.nonTransactional === 'file-without-transaction') return flywayMixed(file, s);
      // Run alone by the tool, or sent on its own: no transaction block.
      if (file.transactions.of(s) === undefined || file.transactions.mode === 'statement-by-statement') return [];
      // In a script of several statements PostgreSQL opens an implicit transaction block for every
      // statement outside the file's own blocks, even after a COMMIT.
      if (file.transactions.mode === 'one-script' && file.topLevel.length === 1) return [];
      const { why, severity } = sharedTransaction(file, s);
      return [
        {
          statement: s,
          message: `runs CONCURRENTLY in a transaction — ${why}: PostgreSQL refuses it (SQLSTATE 25001)`,
          ...(severity ? { severity } : {}),
          evidence: { runner: file.delivery.runner },
        },
      ];
    });
  },
};

// Flyway runs a file holding CONCURRENTLY without a transaction, but refuses one that also holds
// transactional statements unless `mixed` is true.
function flywayMixed(file: LintFile, s: LintStatement) {
  const { delivery } = file;
  if (delivery.mixed === true) return [];
  if (!file.topLevel.some((x) => x !== s && !isConcurrent(x) && x.kind !== 'TransactionStmt')) return [];
  return [
    {
      statement: s,
      message: `${delivery.runner} refuses a migration that mixes CONCURRENTLY with transactional statements unless mixed=true${delivery.mixed === undefined ? " (assuming Flyway's default mixed=false: no flyway.conf or flyway.toml found sets it)" : ''}`,
      ...(delivery.mixed === undefined ? { severity: 'warning' as const } : {}),
      evidence: { runner: delivery.runner },
    },
  ];
}
