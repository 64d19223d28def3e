import type { CatalogColumn, CatalogObjects, QualifiedName } from '../../../catalog/catalog-snapshot.js';
import type { AstNode as Node } from '../../../sql/statement.js';
import { deparseNode } from '../../../sql/deparse-node.js';
import { quoteIdentifier as q } from '../../../sql/quote-identifier.js';
import type { NodeOf } from '../../../sql/statement.js';
import { modelColumnStep } from './column-step.js';
import { rebindTable, resolveTable, sameTable, type RangeVarNode, type RebindContext } from './rebind-table.js';

/** The statements that change the rows; triggers and rules fire on these. */
export type RowVerb = 'UPDATE' | 'DELETE' | 'INSERT' | 'TRUNCATE';
/** A step of the chain: a change of the rows, or of the columns they have (ADD, DROP, RENAME COLUMN). */
export type StepVerb = RowVerb | 'ALTER TABLE';

/** What one statement does to one table's rows, as a SELECT over the rows before it. */
export type StepOutcome =
  | { readonly kind: 'untouched' }
  | {
      readonly kind: 'rows';
      readonly verb: StepVerb;
      /** Columns (and `pgpreflight_ctid`) of the table after the statement, read from `prev`. */
      readonly select: string;
      /** Columns whose new value the model does not know (a sequence default, a random value). */
      readonly opaque: readonly string[];
      readonly usesCtid: boolean;
      /** The statement gives rows new addresses (an UPDATE or INSERT): a later ctid comparison is not reproducible. */
      readonly newCtids: boolean;
      /** The table's columns after the step, when it changes them. */
      readonly columns?: readonly CatalogColumn[];
    }
  | { readonly kind: 'unmodellable'; readonly reason: string };

export interface StepContext {
  readonly objects: CatalogObjects;
  readonly table: QualifiedName;
  /** The table's columns on the target, in order. */
  readonly columns: readonly CatalogColumn[];
  readonly prev: string;
  readonly userFunction: RebindContext['userFunction'];
  /** Types a pending migration creates: a column of one does not exist on the target yet. */
  readonly createdTypes: ReadonlySet<string>;
}

const UNTOUCHED: StepOutcome = { kind: 'untouched' };
const cast = (sql: string, column: CatalogColumn): string => `(${sql})::${column.type}`;

/** UPDATE, DELETE, INSERT, TRUNCATE and ADD/DROP/RENAME COLUMN of the table as a step of the chain; other statements leave it untouched. */
export function modelStep(node: Node, context: StepContext): StepOutcome {
  if ('AlterTableStmt' in node || 'RenameStmt' in node) return modelColumnStep(node, context);
  if ('UpdateStmt' in node) return modelUpdate(node.UpdateStmt, context);
  if ('DeleteStmt' in node) return modelDelete(node.DeleteStmt, context);
  if ('InsertStmt' in node) return modelInsert(node.InsertStmt, context);
  if ('TruncateStmt' in node) {
    const truncated = (node.TruncateStmt.relations ?? []).some((r) => targets((r as { RangeVar: RangeVarNode }).RangeVar, context));
    if (!truncated) return UNTOUCHED;
    return {
      kind: 'rows',
      verb: 'TRUNCATE',
      select: `SELECT * FROM ${context.prev} WHERE false`,
      opaque: [],
      usesCtid: false,
      newCtids: false,
    };
  }
  return UNTOUCHED;
}

const targets = (rv: RangeVarNode | undefined, context: StepContext): boolean =>
  rv !== undefined && sameTable(resolveTable(context.objects, rv.schemaname, rv.relname), context.table);

function rebind<T>(node: T, context: StepContext) {
  return rebindTable(node, { objects: context.objects, table: context.table, relation: context.prev, userFunction: context.userFunction });
}

function modelUpdate(stmt: NodeOf<'UpdateStmt'>, context: StepContext): StepOutcome {
  if (!targets(stmt.relation as RangeVarNode, context)) return UNTOUCHED;
  if (stmt.withClause) return { kind: 'unmodellable', reason: 'an UPDATE with a WITH clause' };
  if (stmt.fromClause?.length) return { kind: 'unmodellable', reason: 'an UPDATE … FROM another table' };
  const alias = q((stmt.relation as RangeVarNode).alias?.aliasname ?? context.table.name);
  const assigned = new Map<string, string>();
  const opaque: string[] = [];
  let usesCtid = false;
  const problems: string[] = [];
  for (const target of stmt.targetList ?? []) {
    const res = (target as { ResTarget: { name: string; val: Node; indirection?: unknown[] } }).ResTarget;
    if (res.indirection?.length || 'MultiAssignRef' in res.val || 'SetToDefault' in res.val)
      return {
        kind: 'unmodellable',
        reason: `SET ${res.name} is written in a form pgpreflight does not model (DEFAULT, a row or a subscript)`,
      };
    const value = rebind(res.val, context);
    problems.push(...value.problems);
    usesCtid ||= value.usesCtid;
    if (value.opaque) opaque.push(res.name);
    assigned.set(res.name, deparseNode(value.node));
  }
  const where = stmt.whereClause ? rebind(stmt.whereClause, context) : undefined;
  if (where) problems.push(...where.problems);
  if (where?.opaque)
    return { kind: 'unmodellable', reason: 'its WHERE calls a function whose value is not reproducible (random, nextval)' };
  if (problems.length) return { kind: 'unmodellable', reason: problems[0]! };
  const condition = where ? `(${deparseNode(where.node)}) IS TRUE` : undefined;
  // Stored generated columns are computed again from the new row.
  for (const column of context.columns) if (column.generated && assigned.size) opaque.push(column.name);
  const list = context.columns.map((column) => {
    const value = assigned.get(column.name);
    const old = `${alias}.${q(column.name)}`;
    if (value === undefined) return old;
    return `${condition ? `CASE WHEN ${condition} THEN ${cast(value, column)} ELSE ${old} END` : cast(value, column)} AS ${q(column.name)}`;
  });
  return {
    kind: 'rows',
    verb: 'UPDATE',
    select: `SELECT ${[...list, `${alias}.pgpreflight_ctid`].join(', ')} FROM ${context.prev} AS ${alias}`,
    opaque,
    usesCtid: usesCtid || (where?.usesCtid ?? false),
    newCtids: true,
  };
}

function modelDelete(stmt: NodeOf<'DeleteStmt'>, context: StepContext): StepOutcome {
  if (!targets(stmt.relation as RangeVarNode, context)) return UNTOUCHED;
  if (stmt.withClause) return { kind: 'unmodellable', reason: 'a DELETE with a WITH clause' };
  const alias = q((stmt.relation as RangeVarNode).alias?.aliasname ?? context.table.name);
  const using = (stmt.usingClause ?? []).map((item) => rebind(item, context));
  const where = stmt.whereClause ? rebind(stmt.whereClause, context) : undefined;
  const parts = [...using, ...(where ? [where] : [])];
  const problem = parts.flatMap((p) => p.problems)[0];
  if (problem) return { kind: 'unmodellable', reason: problem };
  if (parts.some((p) => p.opaque))
    return { kind: 'unmodellable', reason: 'it calls a function whose value is not reproducible (random, nextval)' };
  const condition = where ? deparseNode(where.node) : undefined;
  // A row goes when some combination of the USING rows makes the WHERE true (just the WHERE without USING).
  const kept = using.length
    ? `NOT EXISTS (SELECT FROM ${using.map((u) => deparseNode(u.node as Node)).join(', ')}${condition ? ` WHERE ${condition}` : ''})`
    : condition
      ? `(${condition}) IS NOT TRUE`
      : 'false';
  return {
    kind: 'rows',
    verb: 'DELETE',
    select: `SELECT ${alias}.* FROM ${context.prev} AS ${alias} WHERE ${kept}`,
    opaque: [],
    usesCtid: parts.some((p) => p.usesCtid),
    newCtids: false,
  };
}

function modelInsert(stmt: NodeOf<'InsertStmt'>, context: StepContext): StepOutcome {
  if (!targets(stmt.relation as RangeVarNode, context)) return UNTOUCHED;
  if (stmt.withClause) return { kind: 'unmodellable', reason: 'an INSERT with a WITH clause' };
  if (stmt.onConflictClause) return { kind: 'unmodellable', reason: 'an INSERT … ON CONFLICT' };
  const listed = stmt.cols?.length
    ? stmt.cols.map((c) => (c as { ResTarget: { name: string; indirection?: unknown[] } }).ResTarget.name)
    : context.columns.filter((c) => !c.generated).map((c) => c.name);
  if (stmt.cols?.some((c) => (c as { ResTarget: { indirection?: unknown[] } }).ResTarget.indirection?.length))
    return { kind: 'unmodellable', reason: 'an INSERT into a subscript or field of a column' };
  const opaque: string[] = [];
  let source = 'SELECT';
  if (stmt.selectStmt) {
    const values = (stmt.selectStmt as { SelectStmt?: { valuesLists?: unknown[] } }).SelectStmt?.valuesLists;
    if (values && JSON.stringify(values).includes('"SetToDefault"'))
      return { kind: 'unmodellable', reason: 'an INSERT … VALUES with DEFAULT' };
    const rows = rebind(stmt.selectStmt, context);
    if (rows.problems.length) return { kind: 'unmodellable', reason: rows.problems[0]! };
    if (rows.opaque) opaque.push(...listed);
    source = deparseNode(rows.node as Node);
  }
  const names = listed.map((_, i) => `c${i}`);
  const list = context.columns.map((column) => {
    const at = listed.indexOf(column.name);
    if (at >= 0) return `${cast(`pgpreflight_new.${names[at]}`, column)} AS ${q(column.name)}`;
    if (column.generated || column.identity || /\bnextval\(/.test(column.default ?? '')) {
      opaque.push(column.name);
      return `NULL::${column.type} AS ${q(column.name)}`;
    }
    return `${column.default ? cast(column.default, column) : `NULL::${column.type}`} AS ${q(column.name)}`;
  });
  const from = stmt.selectStmt ? `(${source}) AS pgpreflight_new(${names.join(', ')})` : '(SELECT) AS pgpreflight_new';
  return {
    kind: 'rows',
    verb: 'INSERT',
    select: `SELECT * FROM ${context.prev} UNION ALL SELECT ${[...list, 'NULL::pg_catalog.tid'].join(', ')} FROM ${from}`,
    opaque,
    usesCtid: false,
    newCtids: true,
  };
}
