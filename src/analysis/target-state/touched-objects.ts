import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { Statement } from '../../sql/statement.js';
import { lastName, mentionedRelations, namesOf, walkNodes } from './statement-names.js';

/**
 * What the pending statements so far change, by bare name: a later statement about one of these is
 * not judged against the target's catalog, which shows the object as it was before them (a DROP
 * INDEX then CREATE INDEX IF NOT EXISTS is the fix, not the problem). Names are compared without
 * schema, which can only skip a judgement, never invent one. A statement that is a no-op on the
 * target (IF NOT EXISTS of what it has, IF EXISTS of what it lacks) changes nothing there.
 */
export class TouchedObjects {
  private readonly relations = new Set<string>();
  private readonly columns = new Set<string>();
  /** Tables with a column added, dropped, renamed or changed. */
  private readonly reshaped = new Set<string>();
  private readonly functions = new Set<string>();
  private readonly rows = new Set<string>();
  /** A DO block or CALL may change anything. */
  private everything = false;

  relation(name: string): boolean {
    return this.everything || this.relations.has(name);
  }

  column(table: string, column: string): boolean {
    return this.relation(table) || this.columns.has(`${table}\u0000${column}`);
  }

  /** The table itself or any of its columns. */
  table(name: string): boolean {
    return this.relation(name) || this.reshaped.has(name);
  }

  routine(name: string): boolean {
    return this.everything || this.functions.has(name);
  }

  /** Rows of the table may differ from the target's: updated, deleted, truncated or rewritten. */
  tableRows(name: string): boolean {
    return this.relation(name) || this.rows.has(name);
  }

  /** A copy that later statements do not change. */
  snapshot(): TouchedObjects {
    const copy = new TouchedObjects();
    for (const name of this.relations) copy.relations.add(name);
    for (const key of this.columns) copy.columns.add(key);
    for (const name of this.reshaped) copy.reshaped.add(name);
    for (const name of this.functions) copy.functions.add(name);
    for (const name of this.rows) copy.rows.add(name);
    copy.everything = this.everything;
    return copy;
  }

  record(statement: Statement, target: CatalogObjects): void {
    const hasRelation = (name: string): boolean =>
      target.tables.some((t) => t.name === name) ||
      target.indexes.some((i) => i.name === name) ||
      target.sequences.some((s) => s.name === name);
    switch (statement.kind) {
      case 'DoStmt':
      case 'CallStmt':
        this.everything = true;
        return;
      case 'IndexStmt': {
        const name = statement.ast.idxname;
        if (name && !(statement.ast.if_not_exists && hasRelation(name))) this.relations.add(name);
        return;
      }
      case 'CreateStmt': {
        const name = statement.ast.relation?.relname;
        if (name && !(statement.ast.if_not_exists && hasRelation(name))) this.relations.add(name);
        return;
      }
      case 'DropStmt':
        for (const names of namesOf(statement.ast.objects ?? [])) {
          const name = lastName(names);
          if (name && !(statement.ast.missing_ok && !hasRelation(name))) {
            this.relations.add(name);
            this.functions.add(name);
          }
        }
        return;
      case 'AlterTableStmt':
        this.recordAlterTable(statement.ast, target);
        return;
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt':
      case 'CopyStmt':
      case 'TruncateStmt':
        for (const table of mentionedRelations(statement.ast)) this.rows.add(table);
        return;
      case 'ViewStmt':
        if (statement.ast.view?.relname) this.relations.add(statement.ast.view.relname);
        return;
      case 'RenameStmt':
        if (statement.ast.relation?.relname) this.relations.add(statement.ast.relation.relname);
        if (statement.ast.subname) this.relations.add(statement.ast.subname);
        if (statement.ast.newname) this.relations.add(statement.ast.newname);
        this.addRoutines(statement);
        return;
      case 'InsertStmt':
      case 'SelectStmt':
      case 'CommentStmt':
      case 'GrantStmt':
      case 'ExplainStmt':
      case 'VariableSetStmt':
      case 'TransactionStmt':
        return;
      default:
        // Any other DDL: the relations and routines it names.
        for (const table of mentionedRelations(statement.ast)) this.relations.add(table);
        this.addRoutines(statement);
    }
  }

  private recordAlterTable(ast: Extract<Statement, { kind: 'AlterTableStmt' }>['ast'], target: CatalogObjects): void {
    const table = ast.relation?.relname;
    if (!table) return;
    const targetHas = (column: string): boolean => target.columns.some((c) => c.table === table && c.name === column);
    for (const item of ast.cmds ?? []) {
      const cmd = 'AlterTableCmd' in item ? item.AlterTableCmd : undefined;
      if (!cmd) continue;
      const column = cmd.subtype === 'AT_AddColumn' && cmd.def && 'ColumnDef' in cmd.def ? cmd.def.ColumnDef.colname : cmd.name;
      if (cmd.subtype === 'AT_AddColumn' && cmd.missing_ok && column && targetHas(column)) continue;
      if (cmd.subtype === 'AT_DropColumn' && cmd.missing_ok && column && !targetHas(column)) continue;
      if (cmd.subtype === 'AT_AlterColumnType') this.rows.add(table);
      if (column) {
        this.columns.add(`${table}\u0000${column}`);
        this.reshaped.add(table);
      }
      // Constraints and indexes it adds or drops go by their own names.
      if (cmd.name) this.relations.add(cmd.name);
      walkNodes(cmd.def, (kind, node) => {
        if (kind === 'Constraint' && typeof node.conname === 'string') this.relations.add(node.conname);
        if (kind === 'Constraint' && typeof node.indexname === 'string') this.relations.add(node.indexname);
      });
    }
  }

  private addRoutines(statement: Statement): void {
    walkNodes(statement.ast, (kind, node) => {
      if (kind === 'ObjectWithArgs') {
        const name = lastName(namesOf([{ ObjectWithArgs: node }])[0] ?? []);
        if (name) this.functions.add(name);
      }
    });
    if (statement.kind === 'CreateFunctionStmt') {
      const name = lastName(namesOf([{ List: { items: statement.ast.funcname ?? [] } }])[0] ?? []);
      if (name) this.functions.add(name);
    }
  }
}
