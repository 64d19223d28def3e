import type { LintRule } from '../lint-rule.js';

type AnyNode = Readonly<Record<string, unknown>>;
const names = (list: unknown): string[] => ((list ?? []) as AnyNode[]).map((n) => String((n.String as AnyNode | undefined)?.sval ?? ''));

export const enumRecreated: LintRule = {
  id: 'enum-recreated',
  category: 'breaking',
  severity: 'warning',
  summary: 'an enum replaced by a new type (how Prisma removes enum values)',
  rationale:
    'PostgreSQL cannot drop an enum label, so tools create a new type without it, convert the columns, drop the old type and rename: rows holding a removed label make the conversion fail (22P02), and code still writing it fails after the deploy. `check` names the rows and the writers.',
  help: 'move rows and writers off the removed values first; run `pgpreflight check` to see who still uses them',
  examples: {
    bad: [
      `CREATE TYPE "Status_new" AS ENUM ('DRAFT', 'ACTIVE');\nALTER TABLE "Order" ALTER COLUMN "status" TYPE "Status_new" USING ("status"::text::"Status_new");\nALTER TYPE "Status" RENAME TO "Status_old";\nALTER TYPE "Status_new" RENAME TO "Status";\nDROP TYPE "Status_old";`,
    ],
    good: [`ALTER TYPE "Status" ADD VALUE 'PAUSED';`, `CREATE TYPE "Mood" AS ENUM ('happy', 'sad');`],
  },
  check(file) {
    const created = new Map<string, string[]>();
    for (const s of file.statements) {
      if (s.kind === 'CreateEnumStmt') created.set(names(s.ast.typeName).at(-1)!, names(s.ast.vals));
    }
    // An existing type renamed out of the way, then a new type renamed into its name.
    return file.statements.flatMap((s) => {
      if (s.kind !== 'RenameStmt' || s.ast.renameType !== 'OBJECT_TYPE') return [];
      const from = names((s.ast.object as AnyNode | undefined)?.List ? ((s.ast.object as AnyNode).List as AnyNode).items : []).at(-1);
      if (!from || created.has(from)) return [];
      const replacement = file.statements.find(
        (r) => r.kind === 'RenameStmt' && r.ast.renameType === 'OBJECT_TYPE' && r.ast.newname === from && r.line > s.line,
      );
      if (!replacement) return [];
      const newName = names(((replacement.ast.object as AnyNode).List as AnyNode).items).at(-1)!;
      const labels = created.get(newName);
      return [
        {
          statement: s,
          message: `replaces enum ${from} with ${newName}${labels ? ` (${labels.map((l) => `'${l}'`).join(', ')})` : ''}: any label not in the new list is removed`,
        },
      ];
    });
  },
};
