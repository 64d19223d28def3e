import type { DatabaseClient } from '../../db/database-client.js';
import { queryInSavepoint } from '../../db/query-in-savepoint.js';
import type { ProbeRequest } from './probe-request.js';
import type { ProbeResult } from './probe-result.js';
import { exclusionCountQuery, exclusionPairsQuery } from './exclusion-sql.js';

const SAMPLES = 5;

/**
 * Conflicting pairs under an EXCLUDE constraint, under a savepoint of the caller's read-only
 * transaction: the count, then five pairs only when there are any. A self-join, as no set-based
 * predicate of one row says whether it overlaps another; PostgreSQL hashes the equality elements
 * where it can and the statement timeout bounds the rest.
 */
export async function probeExclusion(
  tx: DatabaseClient,
  request: Extract<ProbeRequest, { kind: 'exclusion' }>,
  identity: readonly string[],
): Promise<ProbeResult> {
  const start = performance.now();
  const shown = [...new Set([...identity, ...request.elements.flatMap((e) => (e.column !== undefined ? [e.column] : []))])];
  const query = exclusionPairsQuery(request, shown);
  const counted = await queryInSavepoint(tx, exclusionCountQuery(request), []);
  if ('error' in counted)
    return { request, outcome: 'failed', count: 0, samples: [], query, ...counted.error, ms: performance.now() - start };
  const count = Number(counted.rows[0]?.pairs ?? 0);
  if (count === 0) return { request, outcome: 'clean', count, samples: [], query, ms: performance.now() - start };
  const samples = await queryInSavepoint(tx, exclusionPairsQuery(request, shown, SAMPLES), []);
  return { request, outcome: 'violations', count, samples: 'error' in samples ? [] : samples.rows, query, ms: performance.now() - start };
}
