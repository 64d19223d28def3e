import { quoteLiteral } from '../../sql/quote-identifier.js';

/** What a probe needs to know about a column type change. */
export interface TypeChange {
  /** The column, quoted for SQL. */
  readonly column: string;
  /** Types as format_type prints them on the target and on the shadow. */
  readonly fromType: string;
  readonly toType: string;
  readonly serverVersionNum: number;
}

export type ConversionCheck =
  /** SQL that is true for a value that will not convert. */
  | { readonly kind: 'predicate'; readonly sql: string }
  /** Every value converts (widening, anything to text). */
  | { readonly kind: 'always-converts' }
  | { readonly kind: 'cannot-check'; readonly reason: string };

const INTEGER_RANGE: Readonly<Record<string, readonly [string, string]>> = {
  smallint: ['-32768', '32767'],
  integer: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};
const TEXTUAL = /^(text|character varying(\(\d+\))?|character(\(\d+\))?|bpchar|name|citext)$/;
const NUMERIC = /^(smallint|integer|bigint|numeric(\(\d+(,\d+)?\))?|real|double precision)$/;

/**
 * The condition under which a value of the column fails `ALTER COLUMN … TYPE` (an assignment cast),
 * decided from the two types. Length and precision are checked on every server; anything else needs
 * `pg_input_is_valid` (PostgreSQL 16+), and older servers get an honest "cannot check".
 */
export function conversionCheck(change: TypeChange): ConversionCheck {
  const { column, fromType, toType } = change;
  if (fromType === toType || toType === 'text' || toType === 'character varying') return { kind: 'always-converts' };

  const length = /^(character varying|character)\((\d+)\)$/.exec(toType);
  if (length) {
    const limit = Number(length[2]);
    const fromLength = /^(character varying|character)\((\d+)\)$/.exec(fromType);
    if (fromLength && Number(fromLength[2]) <= limit) return { kind: 'always-converts' };
    // Excess characters that are all spaces are cut off silently; anything else is 22001.
    return { kind: 'predicate', sql: `length(rtrim(${column}::text, ' ')) > ${limit}` };
  }

  const numeric = /^numeric\((\d+)(?:,(\d+))?\)$/.exec(toType);
  if (numeric && NUMERIC.test(fromType)) {
    const precision = Number(numeric[1]);
    const scale = Number(numeric[2] ?? 0);
    const fromNumeric = /^numeric\((\d+)(?:,(\d+))?\)$/.exec(fromType);
    if (fromNumeric && Number(fromNumeric[1]) - Number(fromNumeric[2] ?? 0) <= precision - scale && Number(fromNumeric[2] ?? 0) <= scale) {
      return { kind: 'always-converts' };
    }
    return { kind: 'predicate', sql: `abs(round(${column}::numeric, ${scale})) >= 10::numeric ^ ${precision - scale}` };
  }

  const range = INTEGER_RANGE[toType];
  if (range && NUMERIC.test(fromType)) {
    const widening = (fromType === 'smallint' && toType !== 'smallint') || (fromType === 'integer' && toType === 'bigint');
    if (widening) return { kind: 'always-converts' };
    return { kind: 'predicate', sql: `round(${column}::numeric) NOT BETWEEN ${range[0]} AND ${range[1]}` };
  }
  if (range && TEXTUAL.test(fromType)) {
    // Text converts through a USING cast; a value is bad if it is no integer or out of range.
    return {
      kind: 'predicate',
      sql: `CASE WHEN btrim(${column}::text) ~ '^[+-]?[0-9]{1,20}$' THEN btrim(${column}::text)::numeric NOT BETWEEN ${range[0]} AND ${range[1]} ELSE true END`,
    };
  }

  if (change.serverVersionNum >= 160000) {
    return { kind: 'predicate', sql: `NOT pg_catalog.pg_input_is_valid(${column}::text, ${quoteLiteral(toType)})` };
  }
  return {
    kind: 'cannot-check',
    reason: `converting ${fromType} to ${toType} can only be checked row by row with pg_input_is_valid, which needs PostgreSQL 16 or later`,
  };
}
