import type { LintRule } from '../lint-rule.js';
import { alterCommands, table } from '../alter-commands.js';

export const setNotNull: LintRule = {
  id: 'set-not-null',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'SET NOT NULL on an existing column scans the table under an ACCESS EXCLUSIVE lock',
  rationale:
    'ALTER COLUMN … SET NOT NULL reads every row to prove there is no NULL, holding a lock that blocks reads and writes — unless a validated CHECK (col IS NOT NULL) already proves it.',
  help: 'ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (no write lock); then SET NOT NULL (instant, it uses the CHECK) and DROP CONSTRAINT c',
  examples: {
    bad: ['ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;'],
    good: ['ALTER TABLE orders ADD CONSTRAINT orders_customer_id_not_null CHECK (customer_id IS NOT NULL) NOT VALID;'],
  },
  check(file) {
    return alterCommands(file.statements)
      .filter((c) => c.subtype === 'AT_SetNotNull' && !file.isNewTable(c.table, c.statement))
      .map((c) => ({
        statement: c.statement,
        table: c.table,
        message: `SET NOT NULL on ${table(c.table)}.${String(c.cmd.name)} scans every row under an ACCESS EXCLUSIVE lock`,
      }));
  },
};
