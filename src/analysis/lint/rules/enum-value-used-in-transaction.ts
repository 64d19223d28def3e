import type { LintRule } from '../lint-rule.js';

export const enumValueUsedInTransaction: LintRule = {
  id: 'enum-value-used-in-transaction',
  category: 'locking',
  severity: 'error',
  summary: 'ALTER TYPE … ADD VALUE used in the same transaction',
  rationale:
    'A value added to an enum cannot be used until the transaction that added it commits (SQLSTATE 55P04, "unsafe use of new value"). A tool running the file as one transaction fails at the first use.',
  help: 'add the value in one migration and use it (defaults, UPDATEs, CHECKs) in the next',
  examples: {
    bad: ["ALTER TYPE order_status ADD VALUE 'paused';\nUPDATE orders SET status = 'paused' WHERE id = 1;"],
    good: ["ALTER TYPE order_status ADD VALUE 'paused';"],
  },
  check(file) {
    if (!file.runsInTransaction) return [];
    const added = file.topLevel.filter((s) => s.kind === 'AlterEnumStmt' && typeof s.ast.newVal === 'string' && !s.ast.oldVal);
    return added.flatMap((a) => {
      const value = String(a.ast.newVal);
      const user = file.statements.find(
        (s) => s !== a && s.line > a.line && JSON.stringify(s.ast).includes(`"sval":${JSON.stringify(value)}`),
      );
      return user
        ? [
            {
              statement: user,
              message: `uses '${value}', which ALTER TYPE added earlier in the same transaction: PostgreSQL refuses it (SQLSTATE 55P04)`,
            },
          ]
        : [];
    });
  },
};
