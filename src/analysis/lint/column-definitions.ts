import type { LintStatement } from './lint-file.js';
import { alterCommands, columnConstraints, typeNameOf } from './alter-commands.js';

type AnyNode = Readonly<Record<string, unknown>>;

export interface ColumnDefinition {
  readonly statement: LintStatement;
  readonly table: string;
  readonly column: AnyNode;
  readonly type: string;
  readonly primaryKey: boolean;
}

/** Column definitions of CREATE TABLE and ALTER TABLE … ADD COLUMN, with their type names. */
const cache = new WeakMap<readonly LintStatement[], ColumnDefinition[]>();

export function columnDefinitions(statements: readonly LintStatement[]): ColumnDefinition[] {
  const cached = cache.get(statements);
  if (cached) return cached;
  const found: ColumnDefinition[] = [];
  cache.set(statements, found);
  for (const s of statements) {
    if (s.kind !== 'CreateStmt') continue;
    const table = String((s.ast.relation as AnyNode | undefined)?.relname ?? '');
    const elements = (s.ast.tableElts ?? []) as AnyNode[];
    const pkColumns = new Set(
      elements
        .map((e) => e.Constraint as AnyNode | undefined)
        .filter((c) => c?.contype === 'CONSTR_PRIMARY')
        .flatMap((c) => ((c!.keys ?? []) as AnyNode[]).map((k) => String((k.String as AnyNode | undefined)?.sval))),
    );
    for (const e of elements) {
      const column = e.ColumnDef as AnyNode | undefined;
      if (!column) continue;
      const primaryKey = pkColumns.has(String(column.colname)) || columnConstraints(column).some((c) => c.contype === 'CONSTR_PRIMARY');
      found.push({ statement: s, table, column, type: typeNameOf(column.typeName), primaryKey });
    }
  }
  for (const c of alterCommands(statements)) {
    if (c.subtype !== 'AT_AddColumn' || !c.column) continue;
    found.push({
      statement: c.statement,
      table: c.table.name,
      column: c.column,
      type: typeNameOf(c.column.typeName),
      primaryKey: columnConstraints(c.column).some((k) => k.contype === 'CONSTR_PRIMARY'),
    });
  }
  return found;
}
