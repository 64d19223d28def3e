import type { CatalogObjects, QualifiedName } from '../../../catalog/catalog-snapshot.js';
import type { Statement } from '../../../sql/statement.js';
import { calledUserFunctions, resolveTable, sameTable, type RangeVarNode } from './rebind-table.js';
import type { RowVerb } from './model-step.js';

/** A trigger that fires on the table's rows: on the target and enabled, or created by a pending migration. */
interface LiveTrigger {
  readonly name: string;
  readonly events: ReadonlySet<RowVerb>;
  /** `UPDATE OF` columns; empty for any update. */
  readonly columns: readonly string[];
}

// CreateTrigStmt.events is PostgreSQL's TRIGGER_TYPE_* bitmask.
const EVENT_BITS: readonly [number, RowVerb][] = [
  [4, 'INSERT'],
  [8, 'DELETE'],
  [16, 'UPDATE'],
  [32, 'TRUNCATE'],
];

/**
 * Follows, statement by statement, what can change a table's rows besides its own UPDATE, DELETE,
 * INSERT and TRUNCATE: triggers (created, dropped, enabled, disabled), rules, foreign keys that
 * cascade from another table, COPY, MERGE, DO blocks, procedures and functions the migration
 * calls, and ALTER TABLE changing column values the model does not follow (a type, a default).
 */
export class StatementHazards {
  private readonly triggers = new Map<string, LiveTrigger>();
  private readonly disabled = new Map<string, LiveTrigger>();
  private rule: string | undefined;
  /** The line of the last ALTER TABLE that changed the table's columns. */
  columnsChangedAt: number | undefined;

  constructor(
    private readonly objects: CatalogObjects,
    private readonly table: QualifiedName,
    private readonly userFunction: (name: QualifiedName) => boolean,
  ) {
    for (const t of objects.triggers) {
      if (!sameTable({ schema: t.schema, name: t.table }, table)) continue;
      const live = { name: t.name, events: new Set(t.events.map((e) => e.toUpperCase() as RowVerb)), columns: t.updateColumns };
      // 'replica' triggers fire only under session_replication_role = replica, which a migration does not set.
      (t.enabled === 'origin' || t.enabled === 'always' ? this.triggers : this.disabled).set(t.name, live);
    }
  }

  private targets(rv: unknown): boolean {
    const r = rv as RangeVarNode | undefined;
    return r !== undefined && sameTable(resolveTable(this.objects, r.schemaname, r.relname), this.table);
  }

  /** Why this statement changes the table's rows in a way the model cannot follow, if it does. */
  hazard(statement: Statement, verb: RowVerb | undefined, assigned: readonly string[]): string | undefined {
    const node = statement.node as unknown as Record<string, Record<string, unknown>>;
    if (verb) {
      for (const trigger of this.triggers.values()) {
        if (!trigger.events.has(verb)) continue;
        if (verb === 'UPDATE' && trigger.columns.length && !trigger.columns.some((c) => assigned.includes(c))) continue;
        return `trigger ${trigger.name} on ${this.table.name} fires for this ${verb} and may change the rows`;
      }
      if (this.rule) return `rule ${this.rule} on ${this.table.name} rewrites this ${verb}`;
    }
    switch (statement.kind) {
      case 'CreateTrigStmt':
        if (this.targets(node.CreateTrigStmt!.relation)) this.addTrigger(node.CreateTrigStmt!);
        return undefined;
      case 'DropStmt':
        if (node.DropStmt!.removeType === 'OBJECT_TRIGGER') this.dropTriggers(node.DropStmt!.objects as unknown[]);
        return undefined;
      case 'AlterTableStmt':
        if (this.targets(node.AlterTableStmt!.relation)) this.alterTable(node.AlterTableStmt!.cmds as unknown[], statement.line);
        return undefined;
      case 'RenameStmt':
        // A renamed column is a step of the model (column-step.ts); renaming the table is not followed.
        if (this.targets(node.RenameStmt!.relation) && node.RenameStmt!.renameType !== 'OBJECT_COLUMN')
          this.columnsChangedAt = statement.line;
        return undefined;
      case 'RuleStmt':
        if (this.targets(node.RuleStmt!.relation)) this.rule = String(node.RuleStmt!.rulename);
        return undefined;
      case 'CopyStmt':
        return this.targets(node.CopyStmt!.relation) && node.CopyStmt!.is_from ? `COPY loads rows into ${this.table.name}` : undefined;
      case 'MergeStmt':
        return this.targets(node.MergeStmt!.relation) ? `a MERGE into ${this.table.name}` : undefined;
      case 'DoStmt':
        return new RegExp(`\\b${this.table.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(statement.text)
          ? `a DO block that names ${this.table.name}`
          : undefined;
      case 'CallStmt':
        return 'CALL runs a procedure whose effects pgpreflight cannot follow';
      case 'ExecuteStmt':
        return 'EXECUTE runs a prepared statement pgpreflight cannot see';
      case 'TransactionStmt': {
        const kind = String(node.TransactionStmt!.kind);
        return kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_ROLLBACK_TO' ? 'a ROLLBACK undoes statements before it' : undefined;
      }
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'TruncateStmt':
        return this.cascade(statement) ?? this.calls(statement);
      // Statements that run a function's body; DDL naming a function (a DEFAULT, an index) runs none on these rows.
      case 'InsertStmt':
      case 'SelectStmt':
      case 'CreateTableAsStmt':
        return this.calls(statement);
      default:
        return undefined;
    }
  }

  private calls(statement: Statement): string | undefined {
    const called = calledUserFunctions(statement.node, this.userFunction);
    return called.length ? `it calls ${called[0]}(), whose effects pgpreflight cannot follow` : undefined;
  }

  /** A DELETE, UPDATE or TRUNCATE … CASCADE of another table that the table's foreign keys follow. */
  private cascade(statement: Statement): string | undefined {
    const node = statement.node as unknown as Record<string, Record<string, unknown>>;
    const inner = node[statement.kind]!;
    const relations = (
      statement.kind === 'TruncateStmt' ? (inner.relations as { RangeVar: RangeVarNode }[]).map((r) => r.RangeVar) : [inner.relation]
    ) as RangeVarNode[];
    for (const rv of relations) {
      const other = resolveTable(this.objects, rv.schemaname, rv.relname);
      if (sameTable(other, this.table)) continue;
      for (const c of this.objects.constraints) {
        if (!c.foreignKey || !sameTable({ schema: c.schema, name: c.table }, this.table)) continue;
        if (!sameTable(c.foreignKey.referencedTable, other)) continue;
        const action = statement.kind === 'UpdateStmt' ? c.foreignKey.onUpdate : c.foreignKey.onDelete;
        if (statement.kind === 'TruncateStmt' ? inner.behavior === 'DROP_CASCADE' : action !== 'no action' && action !== 'restrict')
          return `${statement.kind === 'TruncateStmt' ? 'TRUNCATE … CASCADE' : statement.kind === 'UpdateStmt' ? 'an UPDATE' : 'a DELETE'} of ${other.name} reaches ${this.table.name} through foreign key ${c.name}`;
      }
    }
    return undefined;
  }

  private addTrigger(stmt: Record<string, unknown>): void {
    const bits = Number(stmt.events ?? 0);
    const columns = ((stmt.columns as { String: { sval: string } }[] | undefined) ?? []).map((c) => c.String.sval);
    const events = new Set(EVENT_BITS.filter(([bit]) => bits & bit).map(([, verb]) => verb));
    this.triggers.set(String(stmt.trigname), { name: String(stmt.trigname), events, columns });
  }

  private dropTriggers(objects: unknown[]): void {
    for (const object of objects) {
      const names = ((object as { List: { items: { String: { sval: string } }[] } }).List.items ?? []).map((i) => i.String.sval);
      const name = names[names.length - 1]!;
      const table = resolveTable(this.objects, names.length > 2 ? names[0] : undefined, names[names.length - 2]!);
      if (sameTable(table, this.table)) this.triggers.delete(name);
    }
  }

  private alterTable(cmds: unknown[], line: number): void {
    for (const cmd of cmds) {
      const { subtype, name } = (cmd as { AlterTableCmd: { subtype: string; name?: string } }).AlterTableCmd;
      if (subtype === 'AT_DisableTrig' && name) this.move(this.triggers, this.disabled, [name]);
      else if (subtype === 'AT_DisableTrigAll' || subtype === 'AT_DisableTrigUser')
        this.move(this.triggers, this.disabled, [...this.triggers.keys()]);
      else if (subtype.startsWith('AT_EnableTrig') || subtype.startsWith('AT_EnableAlwaysTrig')) {
        this.move(this.disabled, this.triggers, name ? [name] : [...this.disabled.keys()]);
      } else if (
        // ADD and DROP COLUMN are steps of the model (column-step.ts); these change values it does not follow.
        ['AT_AlterColumnType', 'AT_ColumnDefault', 'AT_AddIdentity', 'AT_SetExpression', 'AT_DropExpression'].includes(subtype)
      )
        this.columnsChangedAt = line;
    }
  }

  private move(from: Map<string, LiveTrigger>, to: Map<string, LiveTrigger>, names: readonly string[]): void {
    for (const name of names) {
      const trigger = from.get(name);
      if (!trigger) continue;
      from.delete(name);
      to.set(name, trigger);
    }
  }
}
