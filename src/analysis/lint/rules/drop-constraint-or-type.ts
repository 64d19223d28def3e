import type { LintRule } from '../lint-rule.js';
import { alterCommands, notNullProof, table } from '../alter-commands.js';
import { tableKey } from '../lint-file.js';

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
    good: [
      'ALTER TABLE orders ALTER COLUMN customer_id SET DEFAULT 0;',
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_not_null CHECK (customer_id IS NOT NULL) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_not_null;\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\nALTER TABLE orders DROP CONSTRAINT orders_customer_id_not_null;',
    ],
  },
  check(file) {
    const commands = alterCommands(file.statements);
    // Dropped and added again under the same name is a replacement, not a loosening (check diffs the two).
    const readded = new Set(commands.filter((c) => c.subtype === 'AT_AddConstraint').map((c) => String(c.constraint?.conname)));
    // The SET NOT NULL recipe's helper: a CHECK (col IS NOT NULL) dropped once the column is NOT NULL loosens nothing.
    const notNull = new Set(commands.filter((c) => c.subtype === 'AT_SetNotNull').map((c) => `${tableKey(c.table)}.${String(c.cmd.name)}`));
    const helpers = new Set(
      commands.flatMap((c) => {
        const column = c.subtype === 'AT_AddConstraint' ? notNullProof(c) : undefined;
        return column && notNull.has(`${tableKey(c.table)}.${column}`) ? [`${tableKey(c.table)}#${String(c.constraint!.conname)}`] : [];
      }),
    );
    const loosened = commands
      .filter(
        (c) =>
          (c.subtype === 'AT_DropNotNull' ||
            (c.subtype === 'AT_DropConstraint' &&
              !readded.has(String(c.cmd.name)) &&
              !helpers.has(`${tableKey(c.table)}#${String(c.cmd.name)}`))) &&
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
