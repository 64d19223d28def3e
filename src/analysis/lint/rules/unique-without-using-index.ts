import type { LintRule } from '../lint-rule.js';
import { alterCommands, table } from '../alter-commands.js';

export const uniqueWithoutUsingIndex: LintRule = {
  id: 'unique-without-using-index',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'UNIQUE or PRIMARY KEY constraint added to an existing table without USING INDEX',
  rationale:
    'ADD CONSTRAINT … UNIQUE / PRIMARY KEY builds its index while holding an ACCESS EXCLUSIVE lock: no reads or writes until the index is built.',
  help: 'CREATE UNIQUE INDEX CONCURRENTLY first (its own migration), then ADD CONSTRAINT … UNIQUE USING INDEX (instant)',
  examples: {
    bad: ['ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);'],
    good: [
      'CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);',
      'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;',
    ],
  },
  check(file) {
    return alterCommands(file.statements).flatMap((c) => {
      if (c.subtype !== 'AT_AddConstraint' || !c.constraint || file.isNewTable(c.table, c.statement)) return [];
      const kind = c.constraint.contype;
      if ((kind !== 'CONSTR_UNIQUE' && kind !== 'CONSTR_PRIMARY') || c.constraint.indexname) return [];
      return [
        {
          statement: c.statement,
          table: c.table,
          message: `adds ${kind === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY'} ${String(c.constraint.conname ?? '')} to ${table(c.table)}, building its index under an ACCESS EXCLUSIVE lock`,
        },
      ];
    });
  },
};
