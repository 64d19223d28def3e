import type { ColumnChange } from '../../catalog/effect.js';
import type { Statement } from '../../sql/statement.js';

/** The tables and names a statement mentions, read from its AST. */
export interface StatementTouches {
  /** Tables by name (schema when written), from every RangeVar in the statement. */
  readonly tables: readonly { readonly schema?: string; readonly name: string }[];
  /** Every object name the statement mentions: constraints, indexes, columns, types, labels… */
  readonly names: ReadonlySet<string>;
  /** A DO block or a statement that calls routines: it may change anything. */
  readonly opaque: boolean;
  /** ALTER TABLE … ALTER COLUMN … TYPE: where existing values are converted (and fail). */
  readonly retypesColumn: boolean;
  /** CREATE …: where a new object comes from, rather than a later statement that alters it. */
  readonly creates: boolean;
  /** ALTER TABLE … ALTER COLUMN subcommands, by column: which statement makes which change. */
  readonly columnChanges: ReadonlyMap<string, ReadonlySet<ColumnChange>>;
}

// The ALTER COLUMN subcommands a column-changed effect can come from.
const COLUMN_CHANGE: Readonly<Record<string, ColumnChange>> = {
  AT_AlterColumnType: 'type',
  AT_SetNotNull: 'set-not-null',
  AT_DropNotNull: 'drop-not-null',
  AT_ColumnDefault: 'default',
  AT_AddIdentity: 'identity',
  AT_SetIdentity: 'identity',
  AT_DropIdentity: 'identity',
  AT_SetExpression: 'generated',
  AT_DropExpression: 'generated',
};

// AST fields that hold the name of an object the statement creates, changes or drops.
const NAME_FIELDS = new Set([
  'conname',
  'extname',
  'idxname',
  'trigname',
  'policy_name',
  'colname',
  'name',
  'subname',
  'newname',
  'oldVal',
  'newVal',
  'relname',
  'sval',
]);

/**
 * Walks a statement's AST once. `sval` is the value of a String node: names in lists such as
 * `DROP TYPE "Status"`, `CREATE FUNCTION f`, or qualified type names. String literals of the
 * statement (A_Const) are skipped: a value is not an object name.
 */
export function statementTouches(statement: Statement): StatementTouches {
  const tables: { schema?: string; name: string }[] = [];
  const names = new Set<string>();
  const visit = (node: unknown, key: string | undefined): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, key);
      return;
    }
    if (node === null || typeof node !== 'object') {
      if (typeof node === 'string' && key && NAME_FIELDS.has(key)) names.add(node);
      return;
    }
    for (const [field, value] of Object.entries(node)) {
      if (field === 'A_Const') continue;
      if (field === 'RangeVar') {
        const range = value as { schemaname?: string; relname?: string };
        if (range.relname) tables.push(range.schemaname ? { schema: range.schemaname, name: range.relname } : { name: range.relname });
      }
      if ((field === 'relation' || field === 'table' || field === 'view') && value && typeof value === 'object' && 'relname' in value) {
        const range = value as { schemaname?: string; relname?: string };
        if (range.relname) tables.push(range.schemaname ? { schema: range.schemaname, name: range.relname } : { name: range.relname });
      }
      visit(value, field);
    }
  };
  visit(statement.ast, undefined);
  const opaque = statement.kind === 'DoStmt' || (statement.kind === 'SelectStmt' && JSON.stringify(statement.ast).includes('"FuncCall"'));
  const retypesColumn =
    statement.kind === 'AlterTableStmt' &&
    (statement.ast.cmds ?? []).some((cmd) => 'AlterTableCmd' in cmd && cmd.AlterTableCmd.subtype === 'AT_AlterColumnType');
  const creates = /^(Create|Define|View|Index|CompositeType)/.test(statement.kind);
  const columnChanges = new Map<string, Set<ColumnChange>>();
  if (statement.kind === 'AlterTableStmt') {
    for (const cmd of statement.ast.cmds ?? []) {
      const command = 'AlterTableCmd' in cmd ? cmd.AlterTableCmd : undefined;
      const change = command?.subtype ? COLUMN_CHANGE[command.subtype] : undefined;
      if (!command?.name || !change) continue;
      columnChanges.set(command.name, new Set([...(columnChanges.get(command.name) ?? []), change]));
      // A type change with a COLLATE clause also changes the collation.
      if (change === 'type') columnChanges.get(command.name)!.add('collation');
    }
  }
  return { tables, names, opaque, retypesColumn, creates, columnChanges };
}
