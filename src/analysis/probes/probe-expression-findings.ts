import type { Finding } from '../../core/finding.js';
import type { ProbeRequest } from './probe-request.js';
import type { ProbeResult } from './probe-result.js';

type ExpressionProbe = Extract<ProbeRequest, { kind: 'expression' }>;
type Where = Pick<Finding, 'migration' | 'file' | 'line' | 'column'>;

const EVALUATES: Readonly<Record<ExpressionProbe['purpose'], (r: ExpressionProbe) => string>> = {
  using: (r) => `converting ${r.column} to ${r.toType}`,
  generated: (r) => `the generated column ${r.column}'s expression`,
  default: (r) => `the DEFAULT of the new column ${r.column}`,
};

const HELP: Readonly<Record<ExpressionProbe['purpose'], string>> = {
  using:
    'fix the rows first (the sample shows the first one; the query evaluates every row), or make the USING expression handle them (CASE, NULLIF)',
  generated: 'fix the rows first, or make the expression handle them (NULLIF for a divisor, CASE for a range)',
  default: 'make the DEFAULT safe for every row, or add the column without it and backfill',
};

/**
 * An expression PostgreSQL evaluates over the existing rows raised on one of them: the change fails
 * there with that error — an error finding whose evidence is the first failing row (physical order)
 * and PostgreSQL's own message and SQLSTATE. It stops at the first, so the count is "at least one".
 * An expression that cannot run on the target before the migration (it calls a function the
 * migration creates, or nextval in a read-only transaction) says nothing about the rows: a note.
 */
export function expressionFindings(request: ExpressionProbe, result: ProbeResult, table: string, where: Where): Finding[] {
  const what = EVALUATES[request.purpose](request);
  if (result.outcome === 'clean') return [];
  if (result.outcome === 'failed') {
    const notProbed = /^42|^25006$/.test(result.sqlState ?? '');
    return [
      {
        ruleId: notProbed ? 'probe-skipped' : 'probe-failed',
        severity: notProbed ? 'info' : 'warning',
        message: notProbed
          ? `${what} on ${table} was not probed: it cannot be evaluated on the target before the migration (${result.error}, SQLSTATE ${result.sqlState})`
          : `could not probe ${table} for ${what}: ${result.error} (SQLSTATE ${result.sqlState ?? 'unknown'})`,
        ...(notProbed ? {} : { help: 'run the query below by hand to see which rows break the change' }),
        ...where,
        evidence: { query: result.query, sqlState: result.sqlState, error: result.error },
      },
    ];
  }
  const first = result.samples[0];
  const message = result.error
    ? `${what} raises on existing rows of ${table}${first ? ` (first: ${describeRow(first)})` : ''}: ${result.error} — the migration fails with SQLSTATE ${result.sqlState}`
    : `${result.count.toLocaleString('en')} row${result.count === 1 ? '' : 's'} in ${table} convert${result.count === 1 ? 's' : ''} to a value of ${request.column} too long for ${request.toType}: the migration fails with SQLSTATE 22001`;
  return [
    {
      ruleId: request.purpose === 'using' ? 'type-conversion-fails' : 'expression-fails-on-rows',
      severity: 'error',
      message,
      help: HELP[request.purpose],
      ...where,
      evidence: {
        count: result.count,
        ...(result.error ? { atLeast: true, sqlState: result.sqlState, error: result.error } : {}),
        samples: result.samples,
        query: result.query,
        schema: request.table.schema,
        table: request.table.name,
        column: request.column,
        toType: request.toType,
        expression: request.expression,
      },
    },
  ];
}

const describeRow = (row: Readonly<Record<string, unknown>>): string =>
  Object.entries(row)
    .slice(0, 4)
    .map(([k, v]) => `${k} = ${v === null ? 'NULL' : String(v)}`)
    .join(', ');
