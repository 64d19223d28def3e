import type { CatalogSnapshot, QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import { queryInSavepoint as attempt } from '../../db/query-in-savepoint.js';
import type { ProbeRequest } from './probe-request.js';
import type { ProbeResult } from './probe-result.js';
import { involvedColumns, ProbeParams, selectList, violation, type RowProbe } from './probe-sql.js';
import { probeUnique } from './probe-unique.js';
import { probeExclusion } from './probe-exclusion.js';
import { probeExpression } from './probe-expression.js';
import { DEFAULT_PROBE_FORMS, type ProbeForms } from './probe-forms.js';
import { rowEstimate } from './row-estimate.js';
import { TABLE_ROWS, type RowsSource } from './rows-source.js';
import type { RowsAtProbe } from './rows-model/rows-at-probe.js';
import { withModel } from './rows-model/with-model.js';

export interface RunProbesOptions {
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** Called before the probes of each table run, with the target's row estimate for it. */
  readonly onTable?: (table: QualifiedName, estimatedRows: number | null) => void;
  /** Internal: the thresholds between probe forms (tests force each form with them). */
  readonly forms?: ProbeForms;
  /** The rows each probe is asked about, as the statements before its change leave them (rows-model/). */
  readonly rowsAt?: (request: ProbeRequest) => RowsAtProbe;
}

const SAMPLES = 5;

/**
 * Asks the target's rows every probe question, in one read-only transaction with statement and
 * lock timeouts. The row probes of a table are answered by one scan: a single query with one
 * `count(*) FILTER` per probe, whose WHERE is the OR of every violation, so PostgreSQL reads the
 * table once (in parallel where it can) and aggregates only the offending rows. Samples are read
 * afterwards, only for probes that found something. Each query runs under a savepoint: a probe
 * that fails (a function the migration creates, a timeout) is reported and the others still run.
 * What an index answers (NULLs of an indexed column) and what needs its own plan (duplicate keys,
 * orphans of a big parent) is asked separately.
 */
export async function runProbes(
  client: DatabaseClient,
  requests: readonly ProbeRequest[],
  target: CatalogSnapshot,
  options: RunProbesOptions = {},
): Promise<ProbeResult[]> {
  if (requests.length === 0) return [];
  // Probes of a table over the same modelled rows share one scan.
  const byTable = new Map<string, ProbeRequest[]>();
  const at = new Map(requests.map((r) => [r.id, options.rowsAt?.(r)]));
  for (const request of requests) {
    const key = JSON.stringify([request.table.schema, request.table.name, at.get(request.id)?.source.with ?? '']);
    byTable.set(key, [...(byTable.get(key) ?? []), request]);
  }
  // A parent up to hashedParentRows rows is hashed in memory, so the child is read once with the other probes.
  const forms = { ...DEFAULT_PROBE_FORMS, ...options.forms };
  const estimate = (t: QualifiedName): number | null => rowEstimate(target, t);

  return withReadOnlyTransaction(
    client,
    async (tx) => {
      // Hashing a parent's keys and grouping unique keys in memory beat sorting on disk; local to this transaction.
      await tx.exec("SET LOCAL work_mem = '64MB'");
      const results: ProbeResult[] = [];
      for (const group of byTable.values()) {
        const first = group[0]!;
        const source = at.get(first.id)?.source ?? TABLE_ROWS;
        const done = results.length;
        options.onTable?.(first.table, estimate(first.table));
        const probed = target.objects.tables.find((t) => t.schema === first.table.schema && t.name === first.table.name);
        const primaryKey = probed?.primaryKey;
        // A partitioned table's rows are each in one partition: the samples say which.
        const partitioned = probed?.kind === 'partitioned';
        const identity =
          primaryKey ??
          target.objects.columns
            .filter((c) => c.schema === first.table.schema && c.table === first.table.name)
            .slice(0, 3)
            .map((c) => c.name);
        const hashed = (r: ProbeRequest): boolean =>
          r.kind === 'foreign-key' && (estimate(r.referencedTable) ?? Infinity) <= forms.hashedParentRows;
        // A btree index leading with the column answers `col IS NULL` without reading the table.
        const indexed = (r: ProbeRequest): boolean =>
          forms.nullsFromIndex &&
          !source.modelled &&
          r.kind === 'not-null' &&
          r.reason !== 'new-column' &&
          target.objects.indexes.some(
            (i) =>
              i.schema === r.table.schema &&
              i.table === r.table.name &&
              i.method === 'btree' &&
              i.valid &&
              i.predicate === null &&
              i.columns[0] === r.column,
          );
        const scanned = group.filter(
          (r): r is RowProbe =>
            r.kind !== 'unique' &&
            r.kind !== 'exclusion' &&
            r.kind !== 'expression' &&
            !indexed(r) &&
            (r.kind !== 'foreign-key' || hashed(r)),
        );
        const alone = group.filter((r) => !scanned.includes(r as RowProbe));
        results.push(...(await scanTogether(tx, scanned, identity, hashed, source, partitioned)));
        for (const request of alone) {
          if (request.kind === 'unique') {
            const { extremes: _x, ...answer } = await probeUnique(tx, request, estimate(request.table), [], forms.sortedUniqueRows, source);
            results.push({ request, ...answer });
          } else if (request.kind === 'exclusion') {
            results.push(await probeExclusion(tx, request, identity));
          } else if (request.kind === 'expression') {
            // Evaluated alone: it is expected to raise, which would break a shared scan.
            results.push(await probeExpression(tx, request, identity));
          } else {
            results.push((await scanTogether(tx, [request], identity, hashed, source, partitioned))[0]!);
          }
        }
        results.splice(done, results.length - done, ...results.slice(done).map((r) => withModel(r, at.get(r.request.id))));
      }
      return results;
    },
    options,
  );
}

async function scanTogether(
  tx: DatabaseClient,
  probes: readonly RowProbe[],
  identity: readonly string[],
  hashed: (r: ProbeRequest) => boolean,
  source: RowsSource = TABLE_ROWS,
  partitioned = false,
): Promise<ProbeResult[]> {
  if (probes.length === 0) return [];
  const from = source.relation(probes[0]!.table);
  const relation = source.relation;
  const prefix = source.with;
  const params = new ProbeParams(false);
  const conditions = probes.map((p) => violation(p, params, { hashedParent: hashed(p), relation }));
  const counts = conditions.map((c, i) => `count(*) FILTER (WHERE ${c}) AS "p${i}"`).join(', ');
  const start = performance.now();
  const combined = await attempt(
    tx,
    `${prefix}SELECT ${counts} FROM ${from} WHERE ${conditions.map((c) => `(${c})`).join(' OR ')}`,
    params.values,
  );
  const scanMs = performance.now() - start;
  if ('error' in combined && probes.length > 1) {
    // One probe broke the shared query: ask each alone to find which, and answer the others.
    const results: ProbeResult[] = [];
    for (const probe of probes) results.push(...(await scanTogether(tx, [probe], identity, hashed, source, partitioned)));
    return results;
  }
  const results: ProbeResult[] = [];
  for (const [i, probe] of probes.entries()) {
    const person = violation(probe, new ProbeParams(true), { relation });
    const shown = [...new Set([...identity, ...involvedColumns(probe)])];
    const query = `${prefix}SELECT ${selectList(shown)} FROM ${from} WHERE ${person}`;
    if ('error' in combined) {
      results.push({ request: probe, outcome: 'failed', count: 0, samples: [], query, ...combined.error, ms: scanMs });
      continue;
    }
    const count = Number(combined.rows[0]?.[`p${i}`] ?? 0);
    if (count === 0) {
      results.push({ request: probe, outcome: 'clean', count, samples: [], query, ms: scanMs });
      continue;
    }
    const sampleParams = new ProbeParams(false);
    const sampleStart = performance.now();
    const samples = await attempt(
      tx,
      // Ordered by the row's identity: the same rows are shown whichever plan the probe took.
      // The modelled rows (CTEs) have no tableoid: the partition is named only for the table's own rows.
      `${prefix}SELECT ${partitioned && !source.modelled && !shown.includes('partition') ? 'tableoid::pg_catalog.regclass::text AS "partition", ' : ''}${selectList(shown)} FROM ${from} WHERE ${violation(probe, sampleParams, { hashedParent: hashed(probe), relation })}${identity.length ? ` ORDER BY ${selectList(identity)}` : ''} LIMIT ${SAMPLES}`,
      sampleParams.values,
    );
    results.push({
      request: probe,
      outcome: 'violations',
      count,
      samples: 'error' in samples ? [] : samples.rows,
      query,
      ms: scanMs + performance.now() - sampleStart,
    });
  }
  return results;
}
