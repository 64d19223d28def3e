import type { LintRule } from '../lint-rule.js';
import { relationOf } from '../lint-file.js';
import { table } from '../alter-commands.js';

export const requireConcurrentIndex: LintRule = {
  id: 'require-concurrent-index',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'CREATE INDEX on an existing table without CONCURRENTLY',
  rationale:
    'A plain CREATE INDEX takes a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE waits until the index is built, which on a large table is minutes of failed or queued writes.',
  help: 'CREATE INDEX CONCURRENTLY, alone in its migration (it cannot run in a transaction); check afterwards that the index is valid',
  examples: {
    bad: ['CREATE INDEX orders_customer_idx ON orders (customer_id);'],
    good: [
      'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);',
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX orders_customer_idx ON orders (customer_id);',
    ],
  },
  check(file) {
    return file.statements.flatMap((s) => {
      if (s.kind !== 'IndexStmt' || s.ast.concurrent) return [];
      const ref = relationOf(s.ast);
      if (!ref || file.isNewTable(ref, s)) return [];
      return [
        {
          statement: s,
          table: ref,
          message: `builds index ${String(s.ast.idxname ?? '')} on ${table(ref)} without CONCURRENTLY: writes to ${table(ref)} wait until it is built`,
        },
      ];
    });
  },
};
