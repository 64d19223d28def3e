import type { LintRule } from '../lint-rule.js';
import { sharedTransaction } from '../shared-transaction.js';

export const enumValueUsedInTransaction: LintRule = {
  id: 'enum-value-used-in-transaction',
  category: 'locking',
  severity: 'error',
  summary: 'ALTER TYPE … ADD VALUE used in the same transaction',
  rationale:
    'A value added to an enum cannot be used until the transaction that added it commits (SQLSTATE 55P04, "unsafe use of new value"). A use in the same transaction — the file’s own BEGIN … COMMIT, or the one its tool runs the file in — fails.',
  help: 'add the value in one migration and use it (defaults, UPDATEs, CHECKs) in the next, or COMMIT between them',
  examples: {
    bad: [
      "ALTER TYPE order_status ADD VALUE 'paused';\nUPDATE orders SET status = 'paused' WHERE id = 1;",
      "BEGIN;\nALTER TYPE order_status ADD VALUE 'paused';\nUPDATE orders SET status = 'paused' WHERE id = 1;\nCOMMIT;",
    ],
    good: [
      "ALTER TYPE order_status ADD VALUE 'paused';",
      "BEGIN;\nALTER TYPE order_status ADD VALUE 'paused';\nCOMMIT;\nUPDATE orders SET status = 'paused' WHERE id = 1;",
    ],
  },
  check(file) {
    const added = file.topLevel.filter((s) => s.kind === 'AlterEnumStmt' && typeof s.ast.newVal === 'string' && !s.ast.oldVal);
    return added.flatMap((a) => {
      const value = String(a.ast.newVal);
      const user = file.statements.find(
        (s) =>
          s !== a && s.line > a.line && file.transactions.same(a, s) && JSON.stringify(s.ast).includes(`"sval":${JSON.stringify(value)}`),
      );
      if (!user) return [];
      const { why, severity } = sharedTransaction(file, a);
      return [
        {
          statement: user,
          message: `uses '${value}', which ALTER TYPE added earlier in the same transaction — ${why}: PostgreSQL refuses it (SQLSTATE 55P04)`,
          ...(severity ? { severity } : {}),
        },
      ];
    });
  },
};
