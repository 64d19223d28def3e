import type { LintRule } from '../lint-rule.js';
import { alterCommands, table } from '../alter-commands.js';

export const constraintWithoutNotValid: LintRule = {
  id: 'constraint-without-not-valid',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'CHECK or FOREIGN KEY added to an existing table without NOT VALID',
  rationale:
    'Adding a CHECK or a foreign key checks every existing row while holding an ACCESS EXCLUSIVE lock (SHARE ROW EXCLUSIVE on the referenced table for a foreign key): reads and writes wait for the whole scan.',
  help: 'ADD CONSTRAINT … NOT VALID (instant), then in a later migration ALTER TABLE … VALIDATE CONSTRAINT, which scans without blocking writes',
  examples: {
    bad: [
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);',
    ],
    good: [
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;',
      'CREATE TABLE orders (id bigint, total int);\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
    ],
  },
  check(file) {
    return alterCommands(file.statements).flatMap((c) => {
      if (c.subtype !== 'AT_AddConstraint' || !c.constraint) return [];
      const kind = c.constraint.contype;
      if ((kind !== 'CONSTR_CHECK' && kind !== 'CONSTR_FOREIGN') || c.constraint.skip_validation) return [];
      if (file.isNewTable(c.table, c.statement)) return [];
      const what = kind === 'CONSTR_CHECK' ? 'CHECK' : 'foreign key';
      return [
        {
          statement: c.statement,
          table: c.table,
          message: `adds ${what} ${String(c.constraint.conname ?? '')} to ${table(c.table)} without NOT VALID: every row is checked under an ACCESS EXCLUSIVE lock`,
        },
      ];
    });
  },
};
