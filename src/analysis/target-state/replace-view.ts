import type { Finding } from '../../core/finding.js';
import type { Statement } from '../../sql/statement.js';
import { resolveSchema, shownName, targetStateFinding, type TargetStateInput } from './target-state-input.js';

type ViewStatement = Extract<Statement, { kind: 'ViewStmt' }>;

/**
 * `CREATE OR REPLACE VIEW v` against the target's `v`: PostgreSQL keeps the view's existing columns
 * and only lets new ones be added at the end — a column renamed, retyped, moved or dropped fails
 * with 42P16, and a `v` that is a table or materialized view with 42809. The migration's columns
 * are the view's on the shadow after it; on a shadow whose history differs it may have passed.
 */
export function judgeReplaceView(input: TargetStateInput, statement: ViewStatement): Finding[] {
  const view = statement.ast.view;
  if (!statement.ast.replace || !view?.relname || input.touched.relation(view.relname)) return [];
  const name = view.relname;
  const schema = resolveSchema(view.schemaname, name, [input.after.tables, input.before.tables]);
  const existing = input.target.objects.tables.find((t) => t.schema === schema && t.name === name);
  if (!existing) return [];
  const shown = shownName(schema, name);
  const columns = (objects: typeof input.after) =>
    objects.columns.filter((c) => c.schema === schema && c.table === name).sort((a, b) => a.position - b.position);
  const before = columns(input.target.objects);
  const after = columns(input.after);
  if (after.length === 0) return [];
  let problem: { readonly sqlState: string; readonly error: string } | undefined;
  if (existing.kind !== 'view') problem = { sqlState: '42809', error: `"${name}" is not a view` };
  else if (after.length < before.length) problem = { sqlState: '42P16', error: 'cannot drop columns from view' };
  else {
    for (const [i, old] of before.entries()) {
      const next = after[i]!;
      if (next.name !== old.name)
        problem = { sqlState: '42P16', error: `cannot change name of view column "${old.name}" to "${next.name}"` };
      else if (next.type !== old.type) {
        problem = { sqlState: '42P16', error: `cannot change data type of view column "${old.name}" from ${old.type} to ${next.type}` };
      }
      if (problem) break;
    }
  }
  if (!problem) return [];
  return [
    targetStateFinding(input, statement, {
      ruleId: 'target-view-replace-fails',
      severity: 'error',
      message: `fails on the target: ${problem.error} (SQLSTATE ${problem.sqlState}) — the target's ${shown} has columns (${before.map((c) => c.name).join(', ')}), the migration's (${after.map((c) => c.name).join(', ')})`,
      help: `CREATE OR REPLACE VIEW can only add columns at the end: DROP VIEW ${shown} first (and recreate what depends on it), or keep the existing columns in place`,
      evidence: {
        view: shown,
        sqlState: problem.sqlState,
        error: problem.error,
        target: before.map((c) => `${c.name} ${c.type}`),
        migration: after.map((c) => `${c.name} ${c.type}`),
      },
    }),
  ];
}
