import type { Node } from 'libpg-query';
import type { Statement } from './statement.js';

/**
 * True when the `ALTER COLUMN … TYPE` of `column` in this statement converts values by a plain cast
 * (no USING, or USING that only casts the column itself, as Prisma writes `"c"::text::"New"`), so
 * a probe can decide which rows fail from the two types alone. A real USING expression computes
 * new values the probe cannot know without running it. An unknown statement (a DO block) counts
 * as a plain cast: that is what ALTER TYPE does without USING.
 */
export function castOnlyUsing(statement: Statement | undefined, column: string): boolean {
  if (statement?.kind !== 'AlterTableStmt') return true;
  for (const cmd of statement.ast.cmds ?? []) {
    const command = 'AlterTableCmd' in cmd ? cmd.AlterTableCmd : undefined;
    if (command?.subtype !== 'AT_AlterColumnType' || command.name !== column) continue;
    const def = command.def && 'ColumnDef' in command.def ? command.def.ColumnDef : undefined;
    if (!def?.raw_default) return true;
    return castsColumn(def.raw_default, column);
  }
  return true;
}

function castsColumn(node: Node, column: string): boolean {
  if ('TypeCast' in node) return node.TypeCast.arg !== undefined && castsColumn(node.TypeCast.arg, column);
  if ('ColumnRef' in node) {
    const fields = node.ColumnRef.fields ?? [];
    const last = fields[fields.length - 1];
    return last !== undefined && 'String' in last && last.String.sval === column;
  }
  return false;
}
