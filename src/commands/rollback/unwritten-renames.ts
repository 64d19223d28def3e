import type { Effect } from '../../catalog/effect.js';
import type { Statement } from '../../sql/statement.js';

/**
 * The catalog diff calls a column (or table) that disappears while a like one appears a rename:
 * without attnums it cannot tell `DROP COLUMN a; ADD COLUMN b` from `RENAME COLUMN a TO b`. The
 * migration's text can. A rename it does not write is a drop and an add, so the rollback
 * re-creates the dropped one (its rows not recoverable) instead of renaming the new one's rows
 * into it.
 */
export function withoutUnwrittenRenames(effects: readonly Effect[], statements: readonly Statement[]): Effect[] {
  const renames = statements.flatMap((s) =>
    s.kind === 'RenameStmt' && (s.ast.renameType === 'OBJECT_COLUMN' || s.ast.renameType === 'OBJECT_TABLE')
      ? [[s.ast.renameType === 'OBJECT_COLUMN' ? (s.ast.subname ?? '') : (s.ast.relation?.relname ?? ''), s.ast.newname ?? '']]
      : [],
  );
  const written = (a: string, b: string): boolean => renames.some(([from, to]) => (from === a && to === b) || (from === b && to === a));
  return effects.flatMap((effect): Effect[] => {
    if (effect.kind === 'column-renamed' && !written(effect.before.name, effect.after.name)) {
      return [
        { kind: 'column-dropped', column: effect.before },
        { kind: 'column-added', column: effect.after },
      ];
    }
    if (effect.kind === 'table-renamed' && !written(effect.before.name, effect.after.name)) {
      return [
        { kind: 'table-dropped', table: effect.before },
        { kind: 'table-added', table: effect.after },
      ];
    }
    return [effect];
  });
}
