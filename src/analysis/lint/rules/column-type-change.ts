import type { LintRule } from '../lint-rule.js';
import { alterCommands, table } from '../alter-commands.js';
import { binaryCoercible, formatTypeName } from '../binary-coercible.js';

export const columnTypeChange: LintRule = {
  id: 'column-type-change',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'ALTER COLUMN … TYPE rewrites the table unless the change is binary coercible',
  rationale:
    'Changing a column type rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, except for binary-coercible changes: varchar(n) to a larger n or to text, numeric precision increases. Which it is depends on the old type, which a linter without the database does not see (`check` with a target knows).',
  help: 'widen only (varchar(n) → varchar(m ≥ n) or text); otherwise add a new column, backfill in batches, switch readers and writers, then drop the old one',
  examples: {
    bad: ['ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);'],
    good: ['ALTER TABLE orders ALTER COLUMN note TYPE text;', 'ALTER TABLE orders ADD COLUMN total_v2 numeric(12,2);'],
  },
  check(file) {
    return alterCommands(file.statements).flatMap((c) => {
      if (c.subtype !== 'AT_AlterColumnType' || !c.column || file.isNewTable(c.table, c.statement)) return [];
      const to = formatTypeName(c.column.typeName);
      const from = file.columnType(c.table, String(c.cmd.name));
      const using = Boolean((c.column as Record<string, unknown>).raw_default);
      if (from !== undefined) {
        // The old type is known (a target or the shadow): decide instead of guessing.
        if (!using && binaryCoercible(from, to)) return [];
        return [
          {
            statement: c.statement,
            table: c.table,
            message: `changes ${table(c.table)}.${String(c.cmd.name)} from ${from} to ${to}: the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock`,
          },
        ];
      }
      // To text or to an unbounded varchar is binary coercible from any string type, the usual case.
      if ((to === 'text' || to === 'character varying') && !using) return [];
      return [
        {
          statement: c.statement,
          table: c.table,
          message: `changes the type of ${table(c.table)}.${String(c.cmd.name)} to ${to}: unless binary coercible, the table is rewritten under an ACCESS EXCLUSIVE lock`,
        },
      ];
    });
  },
};
