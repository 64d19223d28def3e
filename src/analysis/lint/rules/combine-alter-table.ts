import type { LintRule } from '../lint-rule.js';
import { relationOf, tableKey } from '../lint-file.js';

export const combineAlterTable: LintRule = {
  id: 'combine-alter-table',
  category: 'locking',
  severity: 'info',
  locksExistingTable: true,
  summary: 'several ALTER TABLE statements on the same existing table',
  rationale:
    'Each ALTER TABLE takes the lock again, and any that rewrites or scans does so again; one statement with several actions takes the lock once and does one pass.',
  help: 'combine the actions into one ALTER TABLE t ACTION1, ACTION2, …',
  examples: {
    bad: ['ALTER TABLE orders ADD COLUMN a text;\nALTER TABLE orders ADD COLUMN b text;'],
    good: ['ALTER TABLE orders ADD COLUMN a text, ADD COLUMN b text;'],
  },
  check(file) {
    const seen = new Map<string, number>();
    return file.topLevel.flatMap((s) => {
      if (s.kind !== 'AlterTableStmt' || s.ast.objtype !== 'OBJECT_TABLE') return [];
      const ref = relationOf(s.ast);
      if (!ref || file.isNewTable(ref, s)) return [];
      const n = (seen.get(tableKey(ref)) ?? 0) + 1;
      seen.set(tableKey(ref), n);
      return n === 2
        ? [{ statement: s, table: ref, message: `another ALTER TABLE on ${ref.name}: combine them so the lock is taken once` }]
        : [];
    });
  },
};
