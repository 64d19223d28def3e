import type { DatabaseClient } from '../../db/database-client.js';
import { queryInSavepoint } from '../../db/query-in-savepoint.js';
import { failedHelp } from './failed-help.js';
import { plural, type VerifyCheckRun } from './verify-check-run.js';

/** A business rule as a query: every row it returns is a violation (config `invariants`). */
export interface Invariant {
  readonly name: string;
  readonly sql: string;
}

const SAMPLES = 5;

/**
 * Runs one invariant under a savepoint of the read-only transaction, so a query that fails (a
 * column that no longer exists, a timeout) is reported with its SQLSTATE and the next one still
 * runs. The query is wrapped as a subquery that returns the total count beside the first five rows,
 * so the table is read once.
 */
export async function runInvariant(tx: DatabaseClient, invariant: Invariant, index: number): Promise<VerifyCheckRun> {
  const start = performance.now();
  // Wrapped, the count comes with the samples from one read. What cannot be a subquery (several
  // statements, SHOW…) fails to parse at once (42601) and runs as written instead.
  const select = invariant.sql.replace(/;\s*$/, '');
  let answer = await queryInSavepoint(
    tx,
    `SELECT q.*, pg_catalog.count(*) OVER () AS "pgpreflight_count" FROM (\n${select}\n) q LIMIT ${SAMPLES}`,
  );
  const wrapped = !('error' in answer && answer.error.sqlState === '42601');
  if (!wrapped) answer = await queryInSavepoint(tx, invariant.sql);
  const ms = performance.now() - start;
  const base = { id: `invariant:${invariant.name}`, kind: 'invariant' as const, title: invariant.name, ms };
  const evidence = { invariant: invariant.name, query: invariant.sql };
  if ('error' in answer) {
    return {
      ...base,
      summary: `query failed (SQLSTATE ${answer.error.sqlState ?? 'unknown'})`,
      findings: [
        {
          ruleId: 'query-failed',
          severity: 'error',
          message: `invariant "${invariant.name}" could not be checked: ${answer.error.error} (SQLSTATE ${answer.error.sqlState ?? 'unknown'})`,
          help: failedHelp(answer.error.sqlState, `invariants[${index}].sql`),
          evidence: { ...evidence, sqlState: answer.error.sqlState, error: answer.error.error },
        },
      ],
    };
  }
  const count = wrapped ? Number(answer.rows[0]?.pgpreflight_count ?? 0) : answer.rows.length;
  if (count === 0) return { ...base, summary: '0 rows', findings: [] };
  const samples = answer.rows.slice(0, SAMPLES).map((row) => (wrapped ? withoutCount(row) : row));
  return {
    ...base,
    summary: plural(count, 'row'),
    findings: [
      {
        ruleId: 'invariant-violated',
        severity: 'error',
        message: `invariant "${invariant.name}" is violated: the query returns ${plural(count, 'row')}`,
        help: 'each row is a violation: fix the data (the query lists every row), or the query if the rule itself changed',
        evidence: { ...evidence, count, samples },
      },
    ],
  };
}

function withoutCount({ pgpreflight_count: _count, ...row }: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return row;
}
