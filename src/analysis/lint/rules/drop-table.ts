import type { LintRule } from '../lint-rule.js';

type AnyNode = Readonly<Record<string, unknown>>;
const dropped = (ast: AnyNode): string =>
  ((ast.objects ?? []) as AnyNode[])
    .map((o) =>
      (((o.List as AnyNode | undefined)?.items ?? [o]) as AnyNode[])
        .map((i) => (i.String as AnyNode | undefined)?.sval ?? '')
        .filter(Boolean)
        .join('.'),
    )
    .join(', ');

export const dropTable: LintRule = {
  id: 'drop-table',
  category: 'breaking',
  severity: 'warning',
  summary: 'DROP TABLE of an existing table',
  rationale: 'The data is gone, and code still deployed (the old version during a rolling deploy, jobs, reports) fails with 42P01.',
  help: 'stop every reader and writer first (a release before), keep a backup, and drop in a later migration',
  examples: { bad: ['DROP TABLE legacy_orders;'], good: ['CREATE TABLE t (id int);\nDROP TABLE t;'] },
  check(file) {
    return file.statements
      .filter((s) => s.kind === 'DropStmt' && s.ast.removeType === 'OBJECT_TABLE')
      .filter(
        (s) =>
          !dropped(s.ast)
            .split(', ')
            .every((name) =>
              file.isNewTable({ name: name.split('.').pop()!, ...(name.includes('.') ? { schema: name.split('.')[0]! } : {}) }, s),
            ),
      )
      .map((s) => ({ statement: s, message: `drops table ${dropped(s.ast)}: its rows are gone and code still using it fails with 42P01` }));
  },
};
