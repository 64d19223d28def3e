import type { CatalogColumn } from '../../catalog/catalog-snapshot.js';
import { quoteIdentifier } from '../../sql/quote-identifier.js';
import type { ProbeRequest } from './probe-request.js';
import { conversionCheck } from './type-conversion.js';

type ExpressionFields = Pick<
  Extract<ProbeRequest, { kind: 'expression' }>,
  'kind' | 'purpose' | 'column' | 'toType' | 'expression' | 'violation' | 'reads'
>;

const CHARACTER_LENGTH = /^(character varying|character)\(\d+\)$/;

/**
 * What `ALTER COLUMN … TYPE toType USING value` computes for each row. The result is assigned to
 * the new type: a value too long for varchar(n) is an error there (22001), where an explicit cast
 * would cut it silently — so for those types the text is evaluated and its length tested.
 */
export function conversionExpression(
  column: string,
  value: string,
  toType: string,
  serverVersionNum: number,
  targetColumns: readonly string[],
): ExpressionFields {
  const base = {
    kind: 'expression',
    purpose: 'using',
    column,
    toType,
    reads: [...new Set([column, ...readColumns(value, targetColumns)])],
  } as const;
  if (!CHARACTER_LENGTH.test(toType)) return { ...base, expression: `CAST((${value}) AS ${toType})` };
  const length = conversionCheck({ column: `(${value})`, fromType: 'text', toType, serverVersionNum });
  return {
    ...base,
    expression: `CAST((${value}) AS text)`,
    ...(length.kind === 'predicate' ? { violation: `(${value}) IS NOT NULL AND ${length.sql}` } : {}),
  };
}

/**
 * A column added to a table with rows is computed for each of them when it is a stored generated
 * column, or when its DEFAULT calls a function (a volatile one is evaluated per row; a constant
 * or a cast of one is evaluated once, and the shadow already did). nextval is left out: it
 * cannot fail on a row, and a read-only transaction may not call it.
 */
export function addedColumnExpression(column: CatalogColumn, targetColumns: readonly string[]): ExpressionFields | undefined {
  const base = { kind: 'expression', column: column.name, toType: column.type } as const;
  if (column.generated?.kind === 'stored') {
    const expression = column.generated.expression;
    return {
      ...base,
      purpose: 'generated',
      expression: `CAST((${expression}) AS ${column.type})`,
      reads: readColumns(expression, targetColumns),
    };
  }
  const value = column.default;
  if (value === null || column.identity !== null || !/\(/.test(value) || /\bnextval\s*\(/i.test(value)) return undefined;
  return { ...base, purpose: 'default', expression: `CAST((${value}) AS ${column.type})`, reads: [] };
}

/** The table's columns an expression names (bare or quoted), to show beside a failing row. */
function readColumns(expression: string, targetColumns: readonly string[]): string[] {
  return targetColumns.filter(
    (name) =>
      expression.includes(quoteIdentifier(name)) || (/^[a-z_][a-z0-9_]*$/.test(name) && new RegExp(`\\b${name}\\b`).test(expression)),
  );
}

/** A plain cast of the column, for a conversion no predicate decides (PostgreSQL 15 and older). */
export const castExpression = (column: string, toType: string, serverVersionNum: number): ExpressionFields =>
  conversionExpression(column, quoteIdentifier(column), toType, serverVersionNum, [column]);
