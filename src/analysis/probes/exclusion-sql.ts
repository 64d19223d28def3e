import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';
import type { ProbeRequest } from './probe-request.js';

type ExclusionRequest = Extract<ProbeRequest, { kind: 'exclusion' }>;

/**
 * The rows an EXCLUDE constraint compares, each with its row address and its key values: only rows
 * its WHERE holds for, and none with a NULL key, which PostgreSQL never compares (the operator
 * gives NULL). Expressions and the WHERE are the catalog's text over the table's own columns, so
 * they are evaluated in this single-table subquery, and the join compares what it returns.
 */
function comparedRows(request: ExclusionRequest, shown: readonly string[]): string {
  const keys = request.elements.map(
    (e, i) => `${e.column !== undefined ? quoteIdentifier(e.column) : `(${e.expression})`} AS pgpreflight_k${i}`,
  );
  const notNull = request.elements.map((e) => `${e.column !== undefined ? quoteIdentifier(e.column) : `(${e.expression})`} IS NOT NULL`);
  const where = [...(request.predicate ? [`(${request.predicate})`] : []), ...notNull].join(' AND ');
  const columns = shown.map((c) => `, ${quoteIdentifier(c)}`).join('');
  return `SELECT tableoid AS pgpreflight_rel, ctid AS pgpreflight_row, ${keys.join(', ')}${columns} FROM ${quoteQualifiedName(request.table.schema, request.table.name)} WHERE ${where}`;
}

/** Each conflicting pair once: the first row by address before the second, every element's operator true. */
function pairs(request: ExclusionRequest, shown: readonly string[]): string {
  const rows = comparedRows(request, shown);
  const same = request.elements.map(
    (e, i) => `a.pgpreflight_k${i} OPERATOR(${quoteIdentifier(e.operator.schema)}.${e.operator.name}) b.pgpreflight_k${i}`,
  );
  return `(${rows}) a JOIN (${rows}) b ON (a.pgpreflight_rel, a.pgpreflight_row) < (b.pgpreflight_rel, b.pgpreflight_row) AND ${same.join(' AND ')}`;
}

/** How many pairs conflict. */
export function exclusionCountQuery(request: ExclusionRequest): string {
  return `SELECT count(*) AS pairs FROM ${pairs(request, [])}`;
}

/** Pairs as evidence: each side's identifying and key columns; for a person, every pair. */
export function exclusionPairsQuery(request: ExclusionRequest, shown: readonly string[], limit?: number): string {
  const side = (alias: string): string =>
    shown.length
      ? `pg_catalog.json_build_object(${shown.map((c) => `'${c.replaceAll("'", "''")}', ${alias}.${quoteIdentifier(c)}`).join(', ')})`
      : `${alias}.pgpreflight_row::text`;
  return `SELECT ${side('a')} AS "row", ${side('b')} AS "conflictsWith" FROM ${pairs(request, shown)}${limit ? ` LIMIT ${limit}` : ''}`;
}

/** Every row that is in a conflicting pair, as a condition on the table's rows. */
export function exclusionRowsCondition(request: ExclusionRequest): string {
  return `(tableoid, ctid) IN (SELECT x.rel, x.row FROM ${pairs(request, [])} CROSS JOIN LATERAL (VALUES (a.pgpreflight_rel, a.pgpreflight_row), (b.pgpreflight_rel, b.pgpreflight_row)) AS x(rel, row))`;
}
