import type { LintRule } from '../lint-rule.js';
import { relationOf } from '../lint-file.js';

export const renameTableOrColumn: LintRule = {
  id: 'rename-table-or-column',
  category: 'breaking',
  severity: 'warning',
  summary: 'RENAME of a table or column',
  rationale:
    'Between the migration and the new code going live, the running code uses the old name and fails (42P01 / 42703); a rollback of the code fails the other way.',
  help: 'expand and contract: add the new column (or a view with the new name), write both, switch reads, then drop the old one',
  examples: {
    bad: ['ALTER TABLE orders RENAME COLUMN note TO memo;', 'ALTER TABLE orders RENAME TO purchases;'],
    good: ['ALTER TABLE orders RENAME CONSTRAINT a TO b;', 'ALTER TABLE orders ADD COLUMN customer_ref bigint;'],
  },
  check(file) {
    return file.statements.flatMap((s) => {
      if (s.kind !== 'RenameStmt' || (s.ast.renameType !== 'OBJECT_COLUMN' && s.ast.renameType !== 'OBJECT_TABLE')) return [];
      const ref = relationOf(s.ast);
      if (!ref || file.isNewTable(ref, s)) return [];
      const what = s.ast.renameType === 'OBJECT_COLUMN' ? `column ${ref.name}.${String(s.ast.subname)}` : `table ${ref.name}`;
      return [
        {
          statement: s,
          table: ref,
          message: `renames ${what} to ${String(s.ast.newname)}: code using the old name fails until it is deployed`,
        },
      ];
    });
  },
};
