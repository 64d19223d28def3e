import type { LintRule } from '../lint-rule.js';
import { relationOf, tableKey } from '../lint-file.js';

export const combineAlterTable: LintRule = {
  id: 'combine-alter-table',
  category: 'locking',
  severity: 'info',
  locksExistingTable: true,
  summary: 'several ALTER TABLE statements on the same existing table in one transaction',
  rationale:
    'In one transaction each ALTER TABLE takes the lock again while the first is still held, and any that rewrites or scans does so again; one statement with several actions takes the lock once and does one pass. In separate transactions each lock is released in between, which is the point.',
  help: 'combine the actions into one ALTER TABLE t ACTION1, ACTION2, …',
  examples: {
    bad: ['ALTER TABLE orders ADD COLUMN a text;\nALTER TABLE orders ADD COLUMN b text;'],
    good: [
      'ALTER TABLE orders ADD COLUMN a text, ADD COLUMN b text;',
      'BEGIN;\nALTER TABLE orders ADD COLUMN a text;\nCOMMIT;\nBEGIN;\nALTER TABLE orders ADD COLUMN b text;\nCOMMIT;',
    ],
  },
  check(file) {
    const seen = new Map<string, number>();
    return file.topLevel.flatMap((s) => {
      if (s.kind !== 'AlterTableStmt' || s.ast.objtype !== 'OBJECT_TABLE') return [];
      const ref = relationOf(s.ast);
      const transaction = file.transactions.of(s);
      if (!ref || transaction === undefined || file.isNewTable(ref, s)) return [];
      const key = `${tableKey(ref)}#${transaction}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      return n === 2
        ? [
            {
              statement: s,
              table: ref,
              message: `another ALTER TABLE on ${ref.name} in the same transaction: combine them so the lock is taken once`,
            },
          ]
        : [];
    });
  },
};
