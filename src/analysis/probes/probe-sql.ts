import type { QualifiedName } from '../../catalog/catalog-snapshot.js';
import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '../../sql/quote-identifier.js';
import type { ProbeRequest } from './probe-request.js';
import { exclusionRowsCondition } from './exclusion-sql.js';
import { TABLE_ROWS, type RowsSource } from './rows-source.js';

/**
 * Collects the values of one query. The same builder prints them as `$n` parameters for the query
 * pgpreflight runs, or as literals for the copy a person runs by hand (evidence `query`).
 */
export class ProbeParams {
  readonly values: unknown[] = [];
  constructor(readonly inline: boolean) {}

  textArray(items: readonly string[]): string {
    if (this.inline) return `ARRAY[${items.map(quoteLiteral).join(', ')}]::text[]`;
    this.values.push(items);
    return `$${this.values.length}::text[]`;
  }
}

export const table = (name: QualifiedName): string => quoteQualifiedName(name.schema, name.name);
const column = (name: string, alias?: string): string => (alias ? `${alias}.${quoteIdentifier(name)}` : quoteIdentifier(name));

/** Row probes are a condition on one row of the table; unique probes are not. */
export type RowProbe = Exclude<ProbeRequest, { kind: 'unique' | 'exclusion' | 'expression' }>;

/**
 * The condition true for a row that makes the change fail. NULL counts as passing, as PostgreSQL
 * decides: a CHECK fails only on FALSE, a foreign key ignores keys with a NULL (MATCH SIMPLE).
 * `hashedParent` asks for the foreign-key test as `NOT IN (subquery)`, which PostgreSQL answers
 * from a hash of the parent's keys while scanning the child once with the other conditions.
 */
export function violation(
  request: RowProbe,
  params: ProbeParams,
  options: { hashedParent?: boolean; alias?: string; relation?: RowsSource['relation'] } = {},
): string {
  const a = options.alias;
  const rel = options.relation ?? table;
  switch (request.kind) {
    case 'check':
      // pg_get_constraintdef prints `CHECK (expr)`: the expression keeps its parentheses.
      return `${request.expression} IS FALSE`;
    case 'not-null':
      return request.reason === 'new-column' ? 'true' : `${column(request.column, a)} IS NULL`;
    case 'enum':
      return `${column(request.column, a)}::text <> ALL (${params.textArray(request.allowed)})`;
    case 'type':
      // NULL converts to NULL of any type; the predicates (a CASE … ELSE true) must not see it.
      return `(${column(request.column, a)} IS NOT NULL AND ${request.violation})`;
    case 'domain-check':
      return `${request.expression} IS FALSE`;
    case 'domain-not-null':
      return `${column(request.column, a)} IS NULL`;
    case 'partition-bound':
      return `${request.expression} IS FALSE`;
    case 'foreign-key': {
      // Inside the NOT EXISTS subquery an unqualified name binds to the parent `p` first: a child
      // column sharing a name with a parent column (`id`, `tenant_id`) would compare the parent
      // with itself and find no orphan. The child's columns are always qualified.
      const child = request.columns.map((c) => (a ? column(c, a) : `${rel(request.table)}.${quoteIdentifier(c)}`));
      const parentKeys = request.referencedColumns.map((c) => column(c, 'p'));
      const missing = options.hashedParent
        ? `(${child.join(', ')}) NOT IN (SELECT ${parentKeys.join(', ')} FROM ${rel(request.referencedTable)} p WHERE ${parentKeys.map((k) => `${k} IS NOT NULL`).join(' AND ')})`
        : `NOT EXISTS (SELECT FROM ${rel(request.referencedTable)} p WHERE ${parentKeys.map((k, i) => `${k} = ${child[i]}`).join(' AND ')})`;
      if (request.match === 'full' && child.length > 1) {
        // MATCH FULL: all NULL passes; some NULL fails outright; none NULL needs a parent.
        return `(num_nonnulls(${child.join(', ')}) > 0 AND (num_nulls(${child.join(', ')}) > 0 OR ${missing}))`;
      }
      return `(${child.map((c) => `${c} IS NOT NULL`).join(' AND ')} AND ${missing})`;
    }
  }
}

/** The columns a person needs to see for a row probe: the primary key and what the change involves. */
export function involvedColumns(request: RowProbe): readonly string[] {
  switch (request.kind) {
    case 'check':
    case 'foreign-key':
    case 'partition-bound':
      return request.columns;
    case 'not-null':
      return request.reason === 'new-column' ? [] : [request.column];
    case 'enum':
    case 'type':
    case 'domain-check':
    case 'domain-not-null':
      return [request.column];
  }
}

export function selectList(columns: readonly string[], alias?: string): string {
  return columns.map((c) => column(c, alias)).join(', ');
}

/** What a duplicate-key question needs: a pending UNIQUE index (check) or a config `unique` entry (verify). */
export type UniqueKeyQuestion = Pick<Extract<ProbeRequest, { kind: 'unique' }>, 'table' | 'keys' | 'predicate' | 'nullsNotDistinct'>;

/** The largest (or smallest) value of a column over every row, asked in the same pass as a duplicate question. */
export interface ColumnExtreme {
  readonly column: string;
  readonly extreme: 'max' | 'min';
}

/** Key expressions of a unique probe, and the names they are shown under. */
export function uniqueKeys(request: UniqueKeyQuestion): { sql: string; label: string }[] {
  return request.keys.map((key) =>
    key.column !== undefined ? { sql: column(key.column), label: key.column } : { sql: `(${key.expression})`, label: key.expression! },
  );
}

/**
 * Duplicate key groups as the index would see them: rows outside a partial index's WHERE are not in
 * it, and a key with a NULL never collides unless NULLS NOT DISTINCT. One aggregation answers the
 * count of groups, the rows in them and the five largest groups.
 *
 * With `extremes`, the same pass also answers max/min of other columns over every row: the rows a
 * duplicate question leaves out still count there, so the filter moves from WHERE into the count
 * and an empty grouping set `()` carries the extremes, in the first row (`pgpreflight_all`).
 */
export function uniqueQuery(
  request: UniqueKeyQuestion,
  forPerson: boolean,
  extremes: readonly ColumnExtreme[] = [],
  source: RowsSource = TABLE_ROWS,
): string {
  const from = source.relation(request.table);
  const keys = uniqueKeys(request);
  const conditions = [
    ...(request.predicate ? [`(${request.predicate})`] : []),
    ...(request.nullsNotDistinct ? [] : keys.map((k) => `${k.sql} IS NOT NULL`)),
  ];
  const selectKeys = keys.map((k) => `${k.sql} AS ${quoteIdentifier(k.label)}`).join(', ');
  // Groups of the same size in key order (the keys lead the select list): the same samples whatever the plan.
  const keyOrder = keys.map((_, i) => i + 1).join(', ');
  if (extremes.length && !forPerson) {
    const counted = conditions.length ? `count(*) FILTER (WHERE ${conditions.join(' AND ')})` : 'count(*)';
    const all = `GROUPING(${keys.map((k) => k.sql).join(', ')}) <> 0`;
    const values = extremes.map((x, i) => `pg_catalog.${x.extreme}(${column(x.column)})::text AS "pgpreflight_x${i}"`).join(', ');
    const grouped = `SELECT ${selectKeys}, ${counted} AS "rows", ${all} AS "pgpreflight_all", ${values} FROM ${from} GROUP BY GROUPING SETS ((${keys.map((k) => k.sql).join(', ')}), ()) HAVING ${all} OR ${counted} > 1`;
    return `${source.with}SELECT d.*, count(*) FILTER (WHERE NOT d."pgpreflight_all") OVER () AS "pgpreflight_groups", sum(d."rows") FILTER (WHERE NOT d."pgpreflight_all") OVER () AS "pgpreflight_rows" FROM (${grouped}) d ORDER BY d."pgpreflight_all" DESC, d."rows" DESC, ${keyOrder} LIMIT 6`;
  }
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const grouped = `SELECT ${selectKeys}, count(*) AS "rows" FROM ${from}${where} GROUP BY ${keys.map((_, i) => i + 1).join(', ')} HAVING count(*) > 1`;
  if (forPerson) return `${source.with}${grouped} ORDER BY count(*) DESC`;
  return `${source.with}SELECT d.*, count(*) OVER () AS "pgpreflight_groups", sum(d."rows") OVER () AS "pgpreflight_rows" FROM (${grouped}) d ORDER BY d."rows" DESC, ${keyOrder} LIMIT 5`;
}

/**
 * The condition true for every row of the probed table the probe flags: the rows a row probe counts,
 * and every row of a duplicate key group. Undefined for a probe that flags every row (a new NOT NULL
 * column without default fails on any row at all).
 */
export function flaggedRowsCondition(request: ProbeRequest, params: ProbeParams): string | undefined {
  if (request.kind === 'exclusion') return exclusionRowsCondition(request);
  // Which rows raise is known only by evaluating the expression: no condition flags them.
  if (request.kind === 'expression') return request.violation ?? 'false';
  if (request.kind !== 'unique') {
    const condition = violation(request, params);
    return condition === 'true' ? undefined : condition;
  }
  const keys = uniqueKeys(request).map((k) => k.sql);
  const inIndex = request.predicate ? `(${request.predicate})` : 'true';
  const groups = `SELECT ${keys.join(', ')} FROM ${table(request.table)} WHERE ${inIndex} GROUP BY ${keys.map((_, i) => i + 1).join(', ')} HAVING count(*) > 1`;
  if (!request.nullsNotDistinct) return `${inIndex} AND (${keys.join(', ')}) IN (${groups})`;
  const named = keys.map((k, i) => `${k} AS k${i}`);
  const same = keys.map((k, i) => `d.k${i} IS NOT DISTINCT FROM ${k}`).join(' AND ');
  return `${inIndex} AND EXISTS (SELECT FROM (${groups.replace(`SELECT ${keys.join(', ')}`, `SELECT ${named.join(', ')}`)}) d WHERE ${same})`;
}
