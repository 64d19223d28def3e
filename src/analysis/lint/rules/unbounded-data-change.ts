import type { LintRule } from '../lint-rule.js';
import { relationOf } from '../lint-file.js';

export const unboundedDataChange: LintRule = {
  id: 'unbounded-data-change',
  category: 'data',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'UPDATE or DELETE without WHERE on an existing table (a backfill in the migration)',
  rationale:
    'One statement over every row holds row locks on all of them until the migration commits, bloats the table, and on a big table runs for minutes inside the deploy.',
  help: 'backfill in batches (UPDATE … WHERE id BETWEEN …) from a script or a job, outside the schema migration',
  examples: {
    bad: ["UPDATE orders SET status = 'new';", 'DELETE FROM sessions;'],
    good: [
      "UPDATE orders SET status = 'new' WHERE id = 1;",
      "UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000 AND status IS NULL;",
    ],
  },
  check(file) {
    return file.topLevel.flatMap((s) => {
      if ((s.kind !== 'UpdateStmt' && s.kind !== 'DeleteStmt') || s.ast.whereClause) return [];
      const ref = relationOf(s.ast);
      if (!ref || file.isNewTable(ref, s)) return [];
      return [
        {
          statement: s,
          table: ref,
          message: `${s.kind === 'UpdateStmt' ? 'updates' : 'deletes'} every row of ${ref.name} in one statement`,
        },
      ];
    });
  },
};
