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

/** The column a CHECK (col IS NOT NULL) or a NOT NULL constraint proves non-null. */
export function notNullProof(c: AlterCommand): string | undefined {
  const k = c.constraint;
  if (k?.contype === 'CONSTR_NOTNULL') return keyName(k);
  if (k?.contype !== 'CONSTR_CHECK') return undefined;
  const test = (k.raw_expr as AnyNode | undefined)?.NullTest as AnyNode | undefined;
  if (test?.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = (((test.arg as AnyNode | undefined)?.ColumnRef as AnyNode | undefined)?.fields ?? []) as AnyNode[];
  return fields.length === 1 ? ((fields[0]!.String as AnyNode | undefined)?.sval as string | undefined) : undefined;
}

export function keyName(constraint: AnyNode): string | undefined {
  const keys = (constraint.keys ?? []) as AnyNode[];
  return keys.length === 1 ? ((keys[0]!.String as AnyNode | undefined)?.sval as string | undefined) : undefined;
}
