import type { LintRule } from '../lint-rule.js';
import { alterCommands, table } from '../alter-commands.js';

export const dropColumn: LintRule = {
  id: 'drop-column',
  category: 'breaking',
  severity: 'warning',
  summary: 'DROP COLUMN of an existing table',
  rationale:
    'Code still deployed that selects or writes the column fails with 42703 (with Prisma, every query on the model, since it lists every column).',
  help: 'remove the column from the code and deploy that first; drop it in a later migration',
  examples: { bad: ['ALTER TABLE orders DROP COLUMN note;'], good: ['ALTER TABLE orders ADD COLUMN note text;'] },
  check(file) {
    return alterCommands(file.statements)
      .filter((c) => c.subtype === 'AT_DropColumn' && !file.isNewTable(c.table, c.statement))
      .map((c) => ({
        statement: c.statement,
        table: c.table,
        message: `drops ${table(c.table)}.${String(c.cmd.name)}: code still using it fails with 42703`,
      }));
  },
};
