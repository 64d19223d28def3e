import type { LintRule } from '../lint-rule.js';
import { alterCommands } from '../alter-commands.js';

export const validateInSameTransaction: LintRule = {
  id: 'validate-in-same-transaction',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'a constraint added NOT VALID and validated in the same transaction',
  rationale:
    'NOT VALID only helps if the lock it took is released before VALIDATE scans the table. In one transaction the ACCESS EXCLUSIVE lock of the ADD is held through the whole validation scan.',
  help: 'VALIDATE CONSTRAINT in a later migration (or the same file only if the tool commits between statements)',
  examples: {
    bad: [
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
    ],
    good: ['ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;'],
  },
  check(file) {
    if (!file.runsInTransaction) return [];
    const commands = alterCommands(file.topLevel);
    const added = new Set(
      commands.filter((c) => c.subtype === 'AT_AddConstraint' && c.constraint?.skip_validation).map((c) => String(c.constraint!.conname)),
    );
    return commands
      .filter((c) => c.subtype === 'AT_ValidateConstraint' && added.has(String(c.cmd.name)) && !file.isNewTable(c.table, c.statement))
      .map((c) => ({
        statement: c.statement,
        table: c.table,
        message: `validates ${String(c.cmd.name)} in the transaction that added it: the ADD's ACCESS EXCLUSIVE lock is held through the scan`,
      }));
  },
};
