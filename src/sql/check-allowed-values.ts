import type { Node } from 'libpg-query';
import { checkExpression } from './check-expression.js';
import { ensureParser, loadedParser } from './ensure-parser.js';

/** A column of a CHECK limited to a list of values: `status IN ('a', 'b')` and its spellings. */
export interface AllowedValues {
  readonly column: string;
  /** As text, in the order the constraint lists them, without repeats. */
  readonly values: readonly string[];
}

type AnyNode = Readonly<Record<string, unknown>>;

export async function checkAllowedValues(definition: string): Promise<readonly AllowedValues[]> {
  await ensureParser();
  return checkAllowedValuesSync(definition);
}

/**
 * The value lists a CHECK constraint states, read from the expression with PostgreSQL's grammar,
 * never by pattern matching on text. Understands what people write and what
 * `pg_get_constraintdef` prints back: `col IN (…)`, `col = ANY (ARRAY[…])`, `(col)::text = ANY
 * ((ARRAY[…])::text[])`, `col = 'a' OR col = 'b'`, an `OR col IS NULL`, and lists joined by AND with
 * other conditions. A CHECK that is not such a list gives none: the caller says so instead of guessing.
 */
export function checkAllowedValuesSync(definition: string): readonly AllowedValues[] {
  const expression = checkExpression(definition);
  let root: unknown;
  try {
    const parsed = loadedParser().parseSync(`SELECT ${expression}`);
    root = (parsed.stmts?.[0]?.stmt as AnyNode | undefined)?.SelectStmt;
    root = ((root as AnyNode | undefined)?.targetList as AnyNode[] | undefined)?.[0]?.ResTarget;
    root = (root as AnyNode | undefined)?.val;
  } catch {
    return [];
  }
  const lists = listsOf(root as Node | undefined);
  return lists ?? [];
}

/** Lists in a conjunction: each conjunct that is a list restricts its column. */
function listsOf(node: Node | undefined): AllowedValues[] | undefined {
  const n = node as AnyNode | undefined;
  const bool = n?.BoolExpr as { boolop?: string; args?: Node[] } | undefined;
  if (bool?.boolop === 'AND_EXPR') {
    const byColumn = new Map<string, string[]>();
    for (const arg of bool.args ?? []) {
      for (const list of listsOf(arg) ?? []) {
        const seen = byColumn.get(list.column);
        // The same column limited twice: only values in both lists pass.
        byColumn.set(list.column, seen ? seen.filter((value) => list.values.includes(value)) : [...list.values]);
      }
    }
    return byColumn.size ? [...byColumn].map(([column, values]) => ({ column, values })) : undefined;
  }
  const single = listOf(node);
  return single ? [single] : undefined;
}

/** One column's list: a disjunction of equalities, IN, = ANY, optionally allowing NULL. */
function listOf(node: Node | undefined): AllowedValues | undefined {
  const n = node as AnyNode | undefined;
  const bool = n?.BoolExpr as { boolop?: string; args?: Node[] } | undefined;
  if (bool?.boolop === 'OR_EXPR') {
    let column: string | undefined;
    const values: string[] = [];
    for (const arg of bool.args ?? []) {
      const nullTest = (arg as AnyNode).NullTest as { arg?: Node; nulltesttype?: string } | undefined;
      if (nullTest?.nulltesttype === 'IS_NULL') {
        const tested = columnOf(nullTest.arg);
        if (!tested || (column !== undefined && tested !== column)) return undefined;
        column = tested;
        continue;
      }
      const part = listOf(arg);
      if (!part || (column !== undefined && part.column !== column)) return undefined;
      column = part.column;
      values.push(...part.values);
    }
    return column === undefined || values.length === 0 ? undefined : { column, values: unique(values) };
  }
  const expr = n?.A_Expr as { kind?: string; name?: Node[]; lexpr?: Node; rexpr?: Node } | undefined;
  if (!expr || operatorOf(expr.name) !== '=') return undefined;
  if (expr.kind === 'AEXPR_IN') {
    const column = columnOf(expr.lexpr);
    const items = ((expr.rexpr as AnyNode | undefined)?.List as { items?: Node[] } | undefined)?.items;
    const values = items?.map(constantOf);
    return column && values && values.every(isString) ? { column, values: unique(values) } : undefined;
  }
  if (expr.kind === 'AEXPR_OP_ANY') {
    const column = columnOf(expr.lexpr);
    const values = arrayOf(expr.rexpr);
    return column && values ? { column, values: unique(values) } : undefined;
  }
  if (expr.kind === 'AEXPR_OP') {
    // col = 'x' or 'x' = col
    const [column, value] = columnOf(expr.lexpr)
      ? [columnOf(expr.lexpr), constantOf(expr.rexpr)]
      : [columnOf(expr.rexpr), constantOf(expr.lexpr)];
    return column && isString(value) ? { column, values: [value] } : undefined;
  }
  return undefined;
}

function operatorOf(name: Node[] | undefined): string | undefined {
  const last = name?.[name.length - 1] as AnyNode | undefined;
  return (last?.String as { sval?: string } | undefined)?.sval;
}

function unwrapCasts(node: Node | undefined): AnyNode | undefined {
  let current = node as AnyNode | undefined;
  while (current?.TypeCast) current = (current.TypeCast as { arg?: Node }).arg as AnyNode | undefined;
  return current;
}

function columnOf(node: Node | undefined): string | undefined {
  const ref = unwrapCasts(node)?.ColumnRef as { fields?: Node[] } | undefined;
  const last = ref?.fields?.[ref.fields.length - 1] as AnyNode | undefined;
  return (last?.String as { sval?: string } | undefined)?.sval;
}

function constantOf(node: Node | undefined): string | undefined {
  const constant = unwrapCasts(node)?.A_Const as
    | { sval?: { sval?: string }; ival?: { ival?: number }; fval?: { fval?: string }; boolval?: { boolval?: boolean }; isnull?: boolean }
    | undefined;
  if (!constant || constant.isnull) return undefined;
  if (constant.sval) return constant.sval.sval ?? '';
  if (constant.ival) return String(constant.ival.ival ?? 0);
  if (constant.fval) return constant.fval.fval;
  if (constant.boolval) return String(constant.boolval.boolval ?? false);
  return undefined;
}

function arrayOf(node: Node | undefined): string[] | undefined {
  const array = unwrapCasts(node)?.A_ArrayExpr as { elements?: Node[] } | undefined;
  const values = array?.elements?.map(constantOf);
  return values && values.length > 0 && values.every(isString) ? values : undefined;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
