import type { RoutineBody } from '../../sql/routine-body.js';

/** What a write puts in a column, as far as the body alone tells. */
export type WrittenValue =
  /** A constant: `'member_program_item_schedule'`, `42`, `NULL` (null). */
  | { readonly kind: 'literal'; readonly value: string | null }
  /** The function's own argument at this 0-based position: its value is known at the call sites. */
  | { readonly kind: 'parameter'; readonly position: number; readonly name?: string }
  /** An INSERT that leaves the column out: it gets its default (or NULL). */
  | { readonly kind: 'omitted' }
  /** Anything else: a column of another row, a computation, a variable. */
  | { readonly kind: 'expression' };

export interface ColumnWrite {
  /** The written table as the body names it; `trigger-row` for `NEW.col := …`. */
  readonly table: { readonly schema?: string; readonly name: string } | 'trigger-row';
  readonly column: string;
  readonly value: WrittenValue;
  readonly statement: 'insert' | 'update' | 'assign';
  /** Line inside the body, as PostgreSQL numbers it in error CONTEXT. */
  readonly bodyLine: number;
  /** The embedded SQL text, for the evidence. */
  readonly text: string;
}

type AnyNode = Readonly<Record<string, unknown>>;

/**
 * Every column a routine body writes — INSERT … VALUES / SELECT, UPDATE … SET, and `NEW.col := …`
 * — with what it writes, read from the parsed statements (PostgreSQL's grammar, never text search).
 * `argumentNames` are the function's parameter names in order, so `p_type` reads as argument 1.
 * `tableColumns` gives the column order of an INSERT without a column list.
 */
export function functionWrites(
  body: RoutineBody,
  argumentNames: readonly (string | undefined)[],
  tableColumns: (table: { schema?: string; name: string }) => readonly string[] | undefined,
): ColumnWrite[] {
  const writes: ColumnWrite[] = [];
  const valueOf = (node: unknown): WrittenValue => classify(node as AnyNode | undefined, argumentNames);
  for (const item of body.embedded) {
    const node = item.node as AnyNode | undefined;
    if (item.kind === 'assignment' && item.target && /^new\.[^.]+$/i.test(item.target)) {
      const column = unquote(item.target.slice(4));
      writes.push({
        table: 'trigger-row',
        column,
        value: valueOf(item.node),
        statement: 'assign',
        bodyLine: item.bodyLine,
        text: item.text,
      });
      continue;
    }
    if (item.kind !== 'statement' || !node) continue;
    const insert = node.InsertStmt as AnyNode | undefined;
    const update = node.UpdateStmt as AnyNode | undefined;
    if (insert) {
      const table = rangeVar(insert.relation);
      const listed = ((insert.cols ?? []) as AnyNode[]).map((c) => String((c.ResTarget as AnyNode).name));
      const columns = listed.length ? listed : (tableColumns(table) ?? []);
      const select = (insert.selectStmt as AnyNode | undefined)?.SelectStmt as AnyNode | undefined;
      const rows: unknown[][] = select?.valuesLists
        ? (select.valuesLists as AnyNode[]).map((list) => ((list.List as AnyNode).items ?? []) as unknown[])
        : select?.targetList
          ? [((select.targetList as AnyNode[]) ?? []).map((t) => (t.ResTarget as AnyNode).val)]
          : [];
      for (const row of rows) {
        columns.forEach((column, i) => {
          const value: WrittenValue = i < row.length ? valueOf(row[i]) : { kind: 'omitted' };
          writes.push({ table, column, value, statement: 'insert', bodyLine: item.bodyLine, text: item.text });
        });
        // Listed columns name what is written; every other column of the table gets its default.
        if (listed.length) {
          for (const column of tableColumns(table) ?? []) {
            if (!listed.includes(column)) {
              writes.push({ table, column, value: { kind: 'omitted' }, statement: 'insert', bodyLine: item.bodyLine, text: item.text });
            }
          }
        }
      }
    } else if (update) {
      const table = rangeVar(update.relation);
      for (const target of (update.targetList ?? []) as AnyNode[]) {
        const res = target.ResTarget as AnyNode;
        writes.push({
          table,
          column: String(res.name),
          value: valueOf(res.val),
          statement: 'update',
          bodyLine: item.bodyLine,
          text: item.text,
        });
      }
    }
  }
  return writes;
}

function classify(node: AnyNode | undefined, argumentNames: readonly (string | undefined)[]): WrittenValue {
  if (!node) return { kind: 'expression' };
  const literal = literalOf(node);
  if (literal !== undefined) return { kind: 'literal', value: literal };
  if (node.TypeCast) return classify((node.TypeCast as AnyNode).arg as AnyNode | undefined, argumentNames);
  if (node.ParamRef) return { kind: 'parameter', position: Number((node.ParamRef as AnyNode).number ?? 1) - 1 };
  if (node.ColumnRef) {
    const fields = ((node.ColumnRef as AnyNode).fields ?? []) as AnyNode[];
    const names = fields.map((f) => (f.String as AnyNode | undefined)?.sval as string | undefined);
    // `p_type` or `f.p_type` (the function-qualified form PL/pgSQL allows).
    const name = names.length === 1 ? names[0] : undefined;
    const position = name === undefined ? -1 : argumentNames.indexOf(name);
    if (position >= 0) return { kind: 'parameter', position, name: name! };
  }
  return { kind: 'expression' };
}

/** The value of a constant as text (null for NULL), or undefined when the node is not a constant. */
export function literalOf(node: AnyNode): string | null | undefined {
  const constant = node.A_Const as AnyNode | undefined;
  if (!constant) {
    const cast = node.TypeCast as AnyNode | undefined;
    return cast?.arg ? literalOf(cast.arg as AnyNode) : undefined;
  }
  if (constant.isnull) return null;
  if (constant.sval) return String((constant.sval as AnyNode).sval ?? '');
  if (constant.ival) return String((constant.ival as AnyNode).ival ?? 0);
  if (constant.fval) return String((constant.fval as AnyNode).fval ?? '0');
  if (constant.boolval) return (constant.boolval as AnyNode).boolval ? 'true' : 'false';
  if (constant.bsval) return String((constant.bsval as AnyNode).bsval ?? '');
  return undefined;
}

function rangeVar(node: unknown): { schema?: string; name: string } {
  const range = node as { schemaname?: string; relname?: string };
  return range.schemaname ? { schema: range.schemaname, name: range.relname ?? '' } : { name: range.relname ?? '' };
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase();
}
