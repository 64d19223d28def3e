import type { DatabaseClient } from '../../db/database-client.js';
import { queryInSavepoint as attempt } from '../../db/query-in-savepoint.js';
import { quoteIdentifier, quoteLiteral } from '../../sql/quote-identifier.js';
import type { ProbeRequest } from './probe-request.js';
import type { ProbeResult } from './probe-result.js';
import { selectList, table } from './probe-sql.js';

type ExpressionProbe = Extract<ProbeRequest, { kind: 'expression' }>;

// Heap tuple offsets per block are below this on every block size PostgreSQL allows (32 kB: 1,157).
const OFFSETS = 2048;

/**
 * Errors a row's value causes (data exceptions, integrity, RAISE in a function it calls): the change
 * fails on that row. Anything else — a function the pending migration creates, a read-only refusal
 * (nextval), a timeout — says nothing about the rows.
 */
export const rowCausedError = (sqlState: string | undefined): boolean => /^(22|23|P0|2F|38|39)/.test(sqlState ?? '');

/**
 * Evaluates the expression over every row of the table, as the change will, in the caller's
 * read-only transaction: `count(expr)` makes PostgreSQL compute it for each row. If it raises, the
 * first failing row in physical order is found by bisecting the table by ctid with TID range scans
 * — each step reads only the half still in question, so the search reads the table about once more —
 * and that row and its error are the evidence. A set-based `violation` (a value too long for the
 * new type, which an explicit cast would cut silently) is counted in the same scan.
 */
export async function probeExpression(tx: DatabaseClient, request: ExpressionProbe, identity: readonly string[]): Promise<ProbeResult> {
  const start = performance.now();
  const from = table(request.table);
  const shown = [...new Set([...identity, ...request.reads])];
  const query = `SELECT ${selectList(shown)}, ${request.expression} AS ${quoteIdentifier(`new ${request.column}`)} FROM ${from}${request.violation ? ` WHERE ${request.violation}` : ''}`;
  const flagged = request.violation ? `count(*) FILTER (WHERE ${request.violation})` : '0';
  const whole = await attempt(tx, `SELECT count(${request.expression}) AS evaluated, ${flagged} AS flagged FROM ${from}`);
  const done = (result: Omit<ProbeResult, 'request' | 'query' | 'ms'>): ProbeResult => ({
    request,
    query,
    ms: performance.now() - start,
    ...result,
  });
  if ('error' in whole) {
    if (!rowCausedError(whole.error.sqlState)) return done({ outcome: 'failed', count: 0, samples: [], ...whole.error });
    const first = await firstFailingRow(tx, request, from, shown);
    return done({ outcome: 'violations', count: 1, samples: first ? [first.row] : [], ...(first?.error ?? whole.error) });
  }
  const count = Number(whole.rows[0]?.flagged ?? 0);
  if (count === 0) return done({ outcome: 'clean', count, samples: [] });
  const samples = await attempt(
    tx,
    `SELECT ${selectList(shown)} FROM ${from} WHERE ${request.violation}${identity.length ? ` ORDER BY ${selectList(identity)}` : ''} LIMIT 5`,
  );
  return done({ outcome: 'violations', count, samples: 'error' in samples ? [] : samples.rows });
}

interface FailingRow {
  readonly row: Readonly<Record<string, unknown>>;
  readonly error: { readonly sqlState?: string; readonly error: string };
}

/** The row with the lowest ctid on which the expression raises, or undefined if it cannot be found. */
async function firstFailingRow(
  tx: DatabaseClient,
  request: ExpressionProbe,
  from: string,
  shown: readonly string[],
): Promise<FailingRow | undefined> {
  const relation = `${quoteLiteral(from)}::pg_catalog.regclass`;
  const size = await attempt(
    tx,
    `SELECT pg_catalog.pg_relation_size(${relation}) / pg_catalog.current_setting('block_size')::int AS blocks, relkind FROM pg_catalog.pg_class WHERE oid = ${relation}`,
  );
  // A partitioned table's ctids repeat in each partition: no single order to bisect.
  if ('error' in size || size.rows[0]?.relkind !== 'r') return undefined;
  const tid = (k: number): string => `'(${Math.floor(k / OFFSETS)},${k % OFFSETS})'::pg_catalog.tid`;
  // Rows with ctid in [lo, hi) hold a failing one; [0, lo) holds none.
  let lo = 0;
  let hi = (Number(size.rows[0]?.blocks ?? 0) + 1) * OFFSETS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const answer = await attempt(tx, `SELECT count(${request.expression}) FROM ${from} WHERE ctid >= ${tid(lo)} AND ctid < ${tid(mid)}`);
    if (!('error' in answer)) lo = mid;
    else if (rowCausedError(answer.error.sqlState)) hi = mid;
    else return undefined;
  }
  const row = await attempt(tx, `SELECT ${selectList(shown)} FROM ${from} WHERE ctid = ${tid(lo)}`);
  const own = await attempt(tx, `SELECT ${request.expression} FROM ${from} WHERE ctid = ${tid(lo)}`);
  if ('error' in row || !row.rows[0] || !('error' in own)) return undefined;
  return { row: row.rows[0], error: own.error };
}
