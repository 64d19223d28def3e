import type { LintStatement, TableRef } from './lint-file.js';
import { relationOf } from './lint-file.js';

type AnyNode = Readonly<Record<string, unknown>>;

export interface AlterCommand {
  readonly statement: LintStatement;
  readonly table: TableRef;
  readonly subtype: string;
  readonly cmd: AnyNode;
  /** `def.Constraint` or `def.ColumnDef` when the command carries one. */
  readonly constraint?: AnyNode;
  readonly column?: AnyNode;
}

// Many rules ask for the same list; it is computed once per statement list.
const cache = new WeakMap<readonly LintStatement[], AlterCommand[]>();

/** Every `ALTER TABLE` sub-command of the file, with its table. */
export function alterCommands(statements: readonly LintStatement[]): AlterCommand[] {
  const cached = cache.get(statements);
  if (cached) return cached;
  const found: AlterCommand[] = [];
  cache.set(statements, found);
  for (const statement of statements) {
    if (statement.kind !== 'AlterTableStmt' || statement.ast.objtype !== 'OBJECT_TABLE') continue;
    const table = relationOf(statement.ast);
    if (!table) continue;
    for (const item of (statement.ast.cmds ?? []) as AnyNode[]) {
      const cmd = item.AlterTableCmd as AnyNode | undefined;
      if (!cmd) continue;
      const def = cmd.def as AnyNode | undefined;
      found.push({
        statement,
        table,
        subtype: String(cmd.subtype),
        cmd,
        ...(def?.Constraint ? { constraint: def.Constraint as AnyNode } : {}),
        ...(def?.ColumnDef ? { column: def.ColumnDef as AnyNode } : {}),
      });
    }
  }
  return found;
}

/** `pg_catalog.int4` → `int4`; `varchar` → `varchar`. */
export function typeNameOf(typeName: unknown): string {
  const names = ((typeName as AnyNode | undefined)?.names ?? []) as AnyNode[];
  const last = names[names.length - 1] as { String?: { sval?: string } } | undefined;
  return last?.String?.sval ?? '';
}

/** The constraints a column definition carries (`PRIMARY KEY`, `DEFAULT`, `GENERATED`, …). */
export function columnConstraints(column: AnyNode): AnyNode[] {
  return ((column.constraints ?? []) as AnyNode[]).map((c) => c.Constraint as AnyNode).filter(Boolean);
}

export const table = (ref: TableRef): string => (ref.schema ? `${ref.schema}.${ref.name}` : ref.name);
