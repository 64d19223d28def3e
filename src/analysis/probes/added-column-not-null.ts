import type { QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { Statement } from '../../sql/statement.js';

interface AlterCmd {
  readonly subtype: string;
  readonly name?: string;
  readonly def?: { readonly ColumnDef?: { readonly colname?: string; readonly constraints?: readonly unknown[] } };
}

/**
 * Where a column the migration adds becomes NOT NULL, when not in its ADD COLUMN: the common
 * `ADD COLUMN c` (nullable), backfill, `ALTER COLUMN c SET NOT NULL`. The shadow shows one NOT NULL
 * column added; the rows it must hold a value in are those the SET NOT NULL meets. Undefined when
 * ADD COLUMN itself says NOT NULL (every existing row fails without a default) or no SET NOT NULL is found.
 */
export function notNullSetAfterAdd(statements: readonly Statement[], table: QualifiedName, column: string): Statement | undefined {
  let addedNullable: Statement | undefined;
  for (const statement of statements) {
    if (statement.kind !== 'AlterTableStmt') continue;
    const relation = statement.ast.relation as { schemaname?: string; relname: string } | undefined;
    if (!relation || relation.relname !== table.name || (relation.schemaname && relation.schemaname !== table.schema)) continue;
    for (const item of statement.ast.cmds ?? []) {
      const cmd = (item as { AlterTableCmd: AlterCmd }).AlterTableCmd;
      const def = cmd.def?.ColumnDef;
      if (cmd.subtype === 'AT_AddColumn' && def?.colname === column) {
        const contypes = (def.constraints ?? []).map((c) => (c as { Constraint: { contype: string } }).Constraint.contype);
        if (contypes.includes('CONSTR_NOTNULL') || contypes.includes('CONSTR_PRIMARY')) return undefined;
        addedNullable = statement;
        // SET NOT NULL in the ADD COLUMN's own statement meets every row NULL, as ADD COLUMN … NOT NULL does.
      } else if (cmd.subtype === 'AT_SetNotNull' && cmd.name === column && addedNullable)
        return addedNullable === statement ? undefined : statement;
    }
  }
  return undefined;
}
