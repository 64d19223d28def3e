import type { LintRule } from '../lint-rule.js';
import { alterCommands, type AlterCommand } from '../alter-commands.js';
import { tableKey } from '../lint-file.js';
import { sharedTransaction } from '../shared-transaction.js';

export const validateInSameTransaction: LintRule = {
  id: 'validate-in-same-transaction',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'a constraint added NOT VALID and validated in the same transaction',
  rationale:
    'NOT VALID only helps if the lock it took is released before VALIDATE scans the table. In one transaction — the file’s own BEGIN … COMMIT, or the one its tool runs it in — the ACCESS EXCLUSIVE lock of the ADD is held through the whole validation scan.',
  help: 'VALIDATE CONSTRAINT in a later migration, or after a COMMIT of its own (BEGIN; ADD … NOT VALID; COMMIT; BEGIN; VALIDATE …; COMMIT;)',
  examples: {
    bad: [
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
      'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;',
    ],
    good: [
      'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
      'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;',
    ],
  },
  check(file) {
    const commands = alterCommands(file.topLevel);
    const key = (c: AlterCommand, name: unknown) => `${tableKey(c.table)}.${String(name)}`;
    const added = new Map(
      commands
        .filter((c) => c.subtype === 'AT_AddConstraint' && c.constraint?.skip_validation)
        .map((c) => [key(c, c.constraint!.conname), c]),
    );
    return commands.flatMap((c) => {
      const add = c.subtype === 'AT_ValidateConstraint' ? added.get(key(c, c.cmd.name)) : undefined;
      if (!add || !file.transactions.same(add.statement, c.statement) || file.isNewTable(c.table, c.statement)) return [];
      const { why } = sharedTransaction(file, c.statement);
      return [
        {
          statement: c.statement,
          table: c.table,
          message: `validates ${String(c.cmd.name)} in the transaction that added it — ${why}: the ADD's ACCESS EXCLUSIVE lock is held through the scan`,
        },
      ];
    });
  },
};
