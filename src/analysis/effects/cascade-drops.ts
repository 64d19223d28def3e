import { effectTable } from '../../catalog/effect.js';
import type { Finding } from '../../core/finding.js';
import type { Statement } from '../../sql/statement.js';
import { objectNames, type AttributedEffect } from './attribute-effects.js';
import { statementTouches } from './statement-touches.js';

const DROPPED = new Set([
  'view-dropped',
  'constraint-dropped',
  'trigger-dropped',
  'policy-dropped',
  'index-dropped',
  'function-dropped',
  'sequence-dropped',
  'table-dropped',
  'column-dropped',
]);

/**
 * `DROP … CASCADE` drops whatever depends on the object, without naming it: views, foreign keys of
 * other tables, policies. Every object the migration drops that no statement names is listed, so a
 * person sees what CASCADE will take with it (without CASCADE, PostgreSQL refuses with 2BP01 and the
 * shadow run reports that). A warning: nothing fails, and whether those objects may go is a decision.
 */
export function cascadeDropFindings(
  effects: readonly AttributedEffect[],
  statements: readonly Statement[],
  migration: { id: string; path: string },
): Finding[] {
  const cascading = statements.filter((s) => JSON.stringify(s.ast).includes('"DROP_CASCADE"'));
  if (cascading.length === 0) return [];
  const named = new Set(statements.flatMap((s) => [...statementTouches(s).names]));
  const silent = effects.filter(({ effect }) => DROPPED.has(effect.kind) && !objectNames(effect).some((n) => named.has(n)));
  if (silent.length === 0) return [];
  const first = cascading[0]!;
  const objects = silent.map(({ effect }) => {
    const table = effectTable(effect);
    const what = effect.kind.replace(/-dropped$/, '');
    const name = objectNames(effect)[0] ?? '';
    return table && table.name !== name ? `${what} ${name} on ${table.name}` : `${what} ${name}`;
  });
  return [
    {
      ruleId: 'cascade-drops-objects',
      severity: 'warning',
      message: `CASCADE also drops ${objects.join(', ')}, which the migration does not name`,
      help: 'drop (and, where needed, recreate) these objects explicitly in the migration, so the change is visible in review',
      migration: migration.id,
      file: migration.path,
      line: first.line,
      column: first.column,
      evidence: { objects },
    },
  ];
}
