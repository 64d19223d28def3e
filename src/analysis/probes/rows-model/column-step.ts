import type { CatalogColumn } from '../../../catalog/catalog-snapshot.js';
import type { AstNode as Node, NodeOf } from '../../../sql/statement.js';
import { deparseNode } from '../../../sql/deparse-node.js';
import { quoteIdentifier as q } from '../../../sql/quote-identifier.js';
import { rebindTable, resolveTable, sameTable, type RangeVarNode } from './rebind-table.js';
import type { StepContext, StepOutcome } from './model-step.js';

// Volatile functions a DEFAULT may call besides those rebind-table already knows (random, nextval):
// ADD COLUMN evaluates them once per row, each row gets its own value, unknown before the run.
const VOLATILE_DEFAULTS = new Set([
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
]);
const SERIAL_TYPES: Readonly<Record<string, string>> = {
  smallserial: 'smallint',
  serial2: 'smallint',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
};

interface AlterCmd {
  readonly subtype: string;
  readonly name?: string;
  readonly missing_ok?: boolean;
  readonly def?: { readonly ColumnDef?: NodeOf<'ColumnDef'> };
}

/** A column of the modelled rows: an existing one (read from `prev`) or one a step computes. */
interface Column {
  readonly column: CatalogColumn;
  readonly sql?: string;
}

/**
 * ALTER TABLE … ADD / DROP COLUMN and RENAME COLUMN as a step of the chain: the rows keep their
 * values, the select list gains `<default>::type AS c` (NULL without a default), loses a dropped
 * column or renames one. A value not known before the run (a volatile or sequence default, an
 * identity, a generated column) is carried as NULL and listed as opaque: probes reading it are not modelled.
 */
export function modelColumnStep(node: Node, context: StepContext): StepOutcome {
  if ('RenameStmt' in node) {
    const stmt = node.RenameStmt;
    if (stmt.renameType !== 'OBJECT_COLUMN' || !targets(stmt.relation as RangeVarNode, context)) return { kind: 'untouched' };
    const from = context.columns.findIndex((c) => c.name === stmt.subname);
    if (from < 0) return { kind: 'unmodellable', reason: `it renames ${String(stmt.subname)}, a column the model does not have` };
    const columns = context.columns.map((c, i) => (i === from ? { ...c, name: String(stmt.newname) } : c));
    return columnsOutcome(
      context,
      columns.map((column, i) => ({ column, ...(i === from ? { sql: q(String(stmt.subname)) } : {}) })),
      [],
      false,
    );
  }
  if (!('AlterTableStmt' in node) || !targets(node.AlterTableStmt.relation as RangeVarNode, context)) return { kind: 'untouched' };
  let columns: Column[] = context.columns.map((column) => ({ column }));
  const opaque: string[] = [];
  let rewrites = false;
  let changed = false;
  for (const item of node.AlterTableStmt.cmds ?? []) {
    const cmd = (item as { AlterTableCmd: AlterCmd }).AlterTableCmd;
    if (cmd.subtype === 'AT_DropColumn') {
      const exists = columns.some((c) => c.column.name === cmd.name);
      if (!exists && cmd.missing_ok) continue;
      if (!exists) return { kind: 'unmodellable', reason: `it drops ${String(cmd.name)}, a column the model does not have` };
      columns = columns.filter((c) => c.column.name !== cmd.name);
      changed = true;
    } else if (cmd.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) {
      const def = cmd.def.ColumnDef;
      if (columns.some((c) => c.column.name === def.colname)) {
        if (cmd.missing_ok) continue;
        return { kind: 'unmodellable', reason: `it adds ${String(def.colname)}, a column the table already has` };
      }
      const added = addedColumn(def, context, columns.length + 1);
      if ('reason' in added) return { kind: 'unmodellable', reason: added.reason };
      if (added.opaque) opaque.push(added.column.name);
      rewrites ||= added.rewrites;
      columns = [...columns, added];
      changed = true;
    }
  }
  if (!changed) return { kind: 'untouched' };
  return columnsOutcome(context, columns, opaque, rewrites);
}

const targets = (rv: RangeVarNode | undefined, context: StepContext): boolean =>
  rv !== undefined && sameTable(resolveTable(context.objects, rv.schemaname, rv.relname), context.table);

function columnsOutcome(context: StepContext, columns: readonly Column[], opaque: readonly string[], rewrites: boolean): StepOutcome {
  const list = columns.map(({ column, sql }) => (sql === undefined ? q(column.name) : `${sql} AS ${q(column.name)}`));
  return {
    kind: 'rows',
    verb: 'ALTER TABLE',
    select: `SELECT ${[...list, 'pgpreflight_ctid'].join(', ')} FROM ${context.prev}`,
    opaque,
    usesCtid: false,
    // A volatile default rewrites the table: every row gets a new address.
    newCtids: rewrites,
    columns: columns.map((c, i) => ({ ...c.column, position: i + 1 })),
  };
}

type AddedColumn = Column & { readonly opaque: boolean; readonly rewrites: boolean };

function addedColumn(def: NodeOf<'ColumnDef'>, context: StepContext, position: number): AddedColumn | { reason: string } {
  const names = (def.typeName?.names ?? []).map((n) => (n as { String: { sval: string } }).String.sval);
  const last = names[names.length - 1] ?? '';
  const serial = names.length === 1 ? SERIAL_TYPES[last] : undefined;
  const user = names[0] !== 'pg_catalog' && !serial;
  // A domain brings its own default and NOT NULL; a type the migration creates does not exist on the target yet.
  if (user && context.objects.domains.some((d) => d.name === last))
    return { reason: `${String(def.colname)} is of the domain ${last}, whose default and constraints are not modelled` };
  if (user && context.createdTypes.has(last))
    return { reason: `${String(def.colname)} is of the type ${last}, which a pending migration creates` };
  if (def.collClause) return { reason: `${String(def.colname)} has its own collation` };
  const type = serial ?? deparseNode({ TypeName: def.typeName } as Node);
  const constraints = (def.constraints ?? []).map((c) => (c as { Constraint: NodeOf<'Constraint'> }).Constraint);
  const computed = constraints.some((c) => c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED');
  const raw = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  const column: CatalogColumn = {
    schema: context.table.schema,
    table: context.table.name,
    name: String(def.colname),
    position,
    type,
    notNull: constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY'),
    notNullValidated: true,
    default: null,
    identity: null,
    generated: null,
    collation: null,
  } as CatalogColumn;
  if (serial || computed) return { column, sql: `NULL::${type}`, opaque: true, rewrites: true };
  if (!raw) return { column, sql: `NULL::${type}`, opaque: false, rewrites: false };
  const value = rebindTable(raw as Node, { ...context, relation: context.prev });
  const volatile = value.opaque || value.problems.length > 0 || calls(raw, VOLATILE_DEFAULTS);
  const sql = deparseNode(value.node as Node);
  // A later INSERT that omits the column takes the same default.
  const withDefault = { ...column, default: volatile ? null : sql };
  if (volatile) return { column: withDefault, sql: `NULL::${type}`, opaque: true, rewrites: true };
  return { column: withDefault, sql: `(${sql})::${type}`, opaque: false, rewrites: false };
}

function calls(node: unknown, names: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return node.some((n) => calls(n, names));
  if (node === null || typeof node !== 'object') return false;
  return Object.entries(node as Record<string, unknown>).some(([key, inner]) => {
    if (key === 'FuncCall') {
      const fn = (inner as { funcname: { String?: { sval: string } }[] }).funcname;
      if (names.has(fn[fn.length - 1]?.String?.sval ?? '')) return true;
    }
    return calls(inner, names);
  });
}
