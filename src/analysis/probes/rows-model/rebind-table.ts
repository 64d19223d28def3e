import type { CatalogObjects, QualifiedName } from '../../../catalog/catalog-snapshot.js';

/** A RangeVar as libpg-query prints it: `{ schemaname?, relname, alias?: { aliasname } }`. */
export interface RangeVarNode {
  readonly schemaname?: string;
  readonly relname: string;
  readonly alias?: { readonly aliasname: string };
  readonly inh?: boolean;
}

/** Which table an unqualified name means: `public` first, else the one schema holding a table of that name. */
export function resolveTable(objects: CatalogObjects, schema: string | undefined, name: string): QualifiedName {
  if (schema) return { schema, name };
  if (objects.tables.some((t) => t.schema === 'public' && t.name === name)) return { schema: 'public', name };
  const holders = objects.tables.filter((t) => t.name === name);
  return holders.length === 1 ? { schema: holders[0]!.schema, name } : { schema: 'public', name };
}

export const sameTable = (a: QualifiedName, b: QualifiedName): boolean => a.schema === b.schema && a.name === b.name;

// Functions whose value a read-only model cannot reproduce: a sequence's next value, a random draw.
const OPAQUE_FUNCTIONS = new Set(['nextval', 'setval', 'currval', 'lastval', 'random', 'random_normal']);
// System columns other than ctid have no meaning in the modelled rows.
const SYSTEM_COLUMNS = new Set(['xmin', 'xmax', 'cmin', 'cmax', 'tableoid', 'oid']);

export interface RebindContext {
  readonly objects: CatalogObjects;
  readonly table: QualifiedName;
  /** The relation (a CTE name) that stands for the table's rows at this step. */
  readonly relation: string;
  /** True for a function a migration or the target defines: what it reads or writes is not known. */
  readonly userFunction: (name: QualifiedName) => boolean;
}

export interface Rebound<T> {
  readonly node: T;
  /** Why the node cannot be evaluated as the statement would (empty when it can). */
  readonly problems: readonly string[];
  /** It calls a function whose value the model cannot reproduce (nextval, random). */
  readonly opaque: boolean;
  readonly usesCtid: boolean;
}

/**
 * A copy of an AST node in which every reference to the table reads the modelled relation instead:
 * `FROM t b` becomes `FROM relation AS b`, `public.t.col` becomes `t.col`, and `ctid` the row
 * address the model carries. What cannot be reproduced this way is listed as a problem.
 */
export function rebindTable<T>(node: T, context: RebindContext): Rebound<T> {
  const problems: string[] = [];
  let opaque = false;
  let usesCtid = false;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'RangeVar') out[key] = rangeVar(inner as RangeVarNode);
      else if (key === 'ColumnRef') out[key] = columnRef(inner as { fields: unknown[] });
      else if (key === 'FuncCall') out[key] = funcCall(inner as { funcname: unknown[] });
      else if (key === 'CommonTableExpr' && !isSelect((inner as { ctequery?: unknown }).ctequery)) {
        problems.push('it has a writable WITH');
        out[key] = inner;
      } else out[key] = visit(inner);
    }
    return out;
  };
  const rangeVar = (rv: RangeVarNode): unknown => {
    if (!sameTable(resolveTable(context.objects, rv.schemaname, rv.relname), context.table)) return visit(rv);
    return { relname: context.relation, inh: true, relpersistence: 'p', alias: rv.alias ?? { aliasname: rv.relname } };
  };
  const columnRef = (ref: { fields: unknown[] }): unknown => {
    const names = ref.fields.map((f) => (f as { String?: { sval: string } }).String?.sval);
    const last = names[names.length - 1];
    if (last !== undefined && SYSTEM_COLUMNS.has(last)) problems.push(`it reads the system column ${last}`);
    let fields = ref.fields;
    if (names.length === 3 && names[0] === context.table.schema && names[1] === context.table.name) fields = fields.slice(1);
    if (last === 'ctid') {
      usesCtid = true;
      fields = [...fields.slice(0, -1), { String: { sval: 'pgpreflight_ctid' } }];
    }
    return { ...ref, fields };
  };
  const funcCall = (call: { funcname: unknown[] }): unknown => {
    const names = call.funcname.map((f) => (f as { String?: { sval: string } }).String?.sval ?? '');
    const name = { schema: names.length > 1 ? names[0]! : 'public', name: names[names.length - 1]! };
    if (context.userFunction(name)) problems.push(`it calls ${name.name}(), whose effects pgpreflight cannot follow`);
    if ((names.length === 1 || names[0] === 'pg_catalog') && OPAQUE_FUNCTIONS.has(name.name)) opaque = true;
    return visit(call);
  };
  const node2 = visit(node) as T;
  return { node: node2, problems, opaque, usesCtid };
}

const isSelect = (query: unknown): boolean => typeof query === 'object' && query !== null && 'SelectStmt' in query;

/** Every function a node calls, by name (for statements that change no table but may call one that does). */
export function calledUserFunctions(node: unknown, userFunction: (name: QualifiedName) => boolean): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'FuncCall') {
        const names = (inner as { funcname: { String?: { sval: string } }[] }).funcname.map((f) => f.String?.sval ?? '');
        const name = { schema: names.length > 1 ? names[0]! : 'public', name: names[names.length - 1]! };
        if (userFunction(name)) found.push(name.name);
      }
      visit(inner);
    }
  };
  visit(node);
  return found;
}
