/** Small readers of libpg-query ASTs shared by the target-state judges. */

type Visit = (kind: string, node: Record<string, unknown>) => void;

// Fields that hold a RangeVar without its `{ RangeVar: … }` wrapper.
const BARE_RANGE_VARS = new Set(['relation', 'view', 'rel']);

/** Calls `visit` on every node under `root` (wrapped `{ Kind: {…} }`, and bare RangeVars by their field name). */
export function walkNodes(root: unknown, visit: Visit): void {
  const walk = (value: unknown, field: string | undefined): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, undefined);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && /^[A-Z]/.test(keys[0]!) && typeof record[keys[0]!] === 'object') {
      const inner = record[keys[0]!] as Record<string, unknown>;
      visit(keys[0]!, inner);
      for (const [key, child] of Object.entries(inner)) walk(child, key);
      return;
    }
    if (field && BARE_RANGE_VARS.has(field) && typeof record.relname === 'string') visit('RangeVar', record);
    for (const [key, child] of Object.entries(record)) walk(child, key);
  };
  walk(root, undefined);
}

/** The dotted names of DROP objects, ObjectWithArgs and String lists: `[['s', 't'], ['u']]`. */
export function namesOf(objects: readonly unknown[]): string[][] {
  return objects.map((object) => {
    const o = object as Record<string, Record<string, unknown>>;
    const items = (o.List?.items ?? o.ObjectWithArgs?.objname ?? (o.String ? [o] : o.TypeName?.names) ?? []) as unknown[];
    return items.flatMap((item) => {
      const s = (item as { String?: { sval?: string } }).String?.sval;
      return s === undefined ? [] : [s];
    });
  });
}

export function lastName(names: readonly string[]): string | undefined {
  return names[names.length - 1];
}

/** Schema and name of a dotted name (catalog.schema.name keeps the last two). */
export function splitName(names: readonly string[]): { readonly schema: string | undefined; readonly name: string } | undefined {
  const name = lastName(names);
  if (name === undefined) return undefined;
  return { schema: names.length > 1 ? names[names.length - 2] : undefined, name };
}

/**
 * A constant as PostgreSQL's input function would read it: `'a'`, `1`, `-2.5`, `true`, `'x'::text`;
 * null for NULL; undefined for anything computed (a function call, an expression, a parameter).
 */
export function constantText(node: unknown): string | null | undefined {
  const n = node as Record<string, Record<string, unknown>> | undefined;
  if (!n) return undefined;
  if (n.TypeCast) return constantText(n.TypeCast.arg);
  const c = n.A_Const as Record<string, Record<string, unknown> | boolean> | undefined;
  if (!c) return undefined;
  if (c.isnull === true) return null;
  if (c.ival && typeof c.ival === 'object') return String(c.ival.ival ?? 0);
  if (c.fval && typeof c.fval === 'object') return String(c.fval.fval);
  if (c.sval && typeof c.sval === 'object') return String(c.sval.sval ?? '');
  if (c.boolval && typeof c.boolval === 'object') return c.boolval.boolval === true ? 'true' : 'false';
  if (c.bsval && typeof c.bsval === 'object') return undefined;
  return undefined;
}

/** Column names a statement mentions: column references, insert and update targets, index keys, constraint keys. */
export function mentionedColumns(root: unknown): Set<string> {
  const names = new Set<string>();
  walkNodes(root, (kind, node) => {
    if (kind === 'ColumnRef') {
      const fields = (node.fields ?? []) as { String?: { sval?: string } }[];
      const last = fields[fields.length - 1]?.String?.sval;
      if (last) names.add(last);
    }
    if ((kind === 'ResTarget' || kind === 'IndexElem') && typeof node.name === 'string') names.add(node.name);
    if (kind === 'Constraint') {
      for (const field of ['keys', 'fk_attrs', 'including'])
        for (const item of (node[field] ?? []) as { String?: { sval?: string } }[]) if (item.String?.sval) names.add(item.String.sval);
    }
    if (kind === 'AlterTableCmd' && typeof node.name === 'string') names.add(node.name);
  });
  return names;
}

/** Relation names a statement mentions. */
export function mentionedRelations(root: unknown): Set<string> {
  const names = new Set<string>();
  walkNodes(root, (kind, node) => {
    if (kind === 'RangeVar' && typeof node.relname === 'string') names.add(node.relname);
  });
  return names;
}
