import type { LintRule } from '../lint-rule.js';
import { alterCommands, table } from '../alter-commands.js';

export const dropConstraintOrType: LintRule = {
  id: 'drop-constraint-or-type',
  category: 'breaking',
  severity: 'info',
  summary: 'DROP NOT NULL, DROP CONSTRAINT (CHECK, FK) or DROP TYPE',
  rationale:
    'Loosening a rule lets data in that the application may assume cannot exist; dropping a type fails for code still casting to it.',
  help: 'make sure nothing relies on the rule; keep the constraint NOT VALID instead if it only blocks a migration',
  examples: {
    bad: ['ALTER TABLE orders ALTER COLUMN customer_id DROP NOT NULL;', 'DROP TYPE order_status;'],
    good: ['ALTER TABLE orders ALTER COLUMN customer_id SET DEFAULT 0;'],
  },
  check(file) {
    const commands = alterCommands(file.statements);
    // Dropped and added again under the same name is a replacement, not a loosening (check diffs the two).
    const readded = new Set(commands.filter((c) => c.subtype === 'AT_AddConstraint').map((c) => String(c.constraint?.conname)));
    const loosened = commands
      .filter(
        (c) =>
          (c.subtype === 'AT_DropNotNull' || (c.subtype === 'AT_DropConstraint' && !readded.has(String(c.cmd.name)))) &&
          !file.isNewTable(c.table, c.statement),
      )
      .map((c) => ({
        statement: c.statement,
        table: c.table,
        message:
          c.subtype === 'AT_DropNotNull'
            ? `drops NOT NULL on ${table(c.table)}.${String(c.cmd.name)}`
            : `drops constraint ${String(c.cmd.name)} on ${table(c.table)}`,
      }));
    const types = file.statements
      .filter((s) => s.kind === 'DropStmt' && s.ast.removeType === 'OBJECT_TYPE')
      .map((s) => ({
        statement: s,
        message: `drops type ${
          JSON.stringify(s.ast.objects)
            .match(/"sval":"([^"]+)"/g)
            ?.map((m) => m.slice(8, -1))
            .join('.') ?? ''
        }`,
      }));
    return [...loosened, ...types];
  },
};
