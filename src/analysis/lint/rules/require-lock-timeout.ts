import type { LintRule } from '../lint-rule.js';
import type { LintStatement } from '../lint-file.js';
import { relationOf } from '../lint-file.js';

// Statements that take a strong lock on an existing table.
const LOCKING = new Set([
  'AlterTableStmt',
  'IndexStmt',
  'DropStmt',
  'RenameStmt',
  'TruncateStmt',
  'CreateTrigStmt',
  'ClusterStmt',
  'VacuumStmt',
]);

export const requireLockTimeout: LintRule = {
  id: 'require-lock-timeout',
  category: 'locking',
  severity: 'warning',
  summary: 'a strong lock taken without a lock_timeout in effect (once per migration)',
  rationale:
    'A statement that needs an ACCESS EXCLUSIVE lock waits behind any long transaction on the table — and every query after it waits behind it. Without lock_timeout one slow report can take the application down for as long as it runs.',
  help: "SET lock_timeout = '2s'; at the top of the migration (and retry the deploy if it times out)",
  examples: {
    bad: ['ALTER TABLE orders ADD COLUMN note text;'],
    good: [
      "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN note text;",
      'CREATE TABLE orders (id bigint);\nALTER TABLE orders ADD COLUMN note text;',
      'DROP INDEX CONCURRENTLY orders_note_idx;',
    ],
  },
  check(file) {
    let timeout = false;
    for (const s of file.topLevel) {
      if (s.kind === 'VariableSetStmt' && s.ast.name === 'lock_timeout') timeout = true;
      // CONCURRENTLY takes no strong lock (SHARE UPDATE EXCLUSIVE), and beside a SET it would share a script's transaction.
      if (timeout || !LOCKING.has(s.kind) || ((s.kind === 'IndexStmt' || s.kind === 'DropStmt') && s.ast.concurrent)) continue;
      const ref = relationOf(s.ast);
      if (ref && file.isNewTable(ref, s)) continue;
      if (!ref && s.kind !== 'DropStmt') continue;
      return [
        {
          statement: s as LintStatement,
          message: `takes a strong lock${ref ? ` on ${ref.name}` : ''} with no lock_timeout set: it queues behind long transactions and everything queues behind it`,
        },
      ];
    }
    return [];
  },
};
