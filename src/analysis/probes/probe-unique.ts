import { DEFAULT_PROBE_FORMS } from './probe-forms.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { queryInSavepoint } from '../../db/query-in-savepoint.js';
import { uniqueQuery, type ColumnExtreme, type UniqueKeyQuestion } from './probe-sql.js';
import { TABLE_ROWS, type RowsSource } from './rows-source.js';

/** What the rows say about one duplicate-key question. */
export interface UniqueAnswer {
  readonly outcome: 'violations' | 'clean' | 'failed';
  /** Duplicate key groups. */
  readonly count: number;
  /** Rows in those groups. */
  readonly rows: number;
  /** The five largest groups: the key and its row count. */
  readonly samples: readonly Readonly<Record<string, unknown>>[];
  /** SQL a person can run to list every duplicate group. */
  readonly query: string;
  /** With `extremes`: each column's max/min over every row of the table (as text; null for no rows). */
  readonly extremes: readonly (string | null)[];
  readonly sqlState?: string;
  readonly error?: string;
  readonly ms: number;
}

/**
 * Duplicate key groups, under a savepoint of the caller's read-only transaction. On a big table a
 * hash aggregate over millions of distinct keys spills to disk and costs several times the index
 * build; a parallel sort then a streaming group, in the memory the index build itself would get
 * (maintenance_work_mem), costs about what building the index does.
 */
export async function probeUnique(
  tx: DatabaseClient,
  question: UniqueKeyQuestion,
  estimatedRows: number | null,
  extremes: readonly ColumnExtreme[] = [],
  // Above this many rows, duplicate keys are found by sorting, as CREATE UNIQUE INDEX finds them.
  sortedUniqueRows = DEFAULT_PROBE_FORMS.sortedUniqueRows,
  // The rows as the statements before the change leave them (rows-model/), or the table's own.
  source: RowsSource = TABLE_ROWS,
): Promise<UniqueAnswer> {
  const start = performance.now();
  const big = (estimatedRows ?? 0) > sortedUniqueRows;
  const settings: Record<string, string> = big
    ? { enable_hashagg: 'off', parallel_setup_cost: '0', parallel_tuple_cost: '0', work_mem: await maintenanceWorkMem(tx) }
    : {};
  const answer = await queryInSavepoint(tx, uniqueQuery(question, false, extremes, source), [], settings);
  const ms = performance.now() - start;
  const query = uniqueQuery(question, true, [], source);
  if ('error' in answer) return { outcome: 'failed', count: 0, rows: 0, samples: [], query, extremes: [], ...answer.error, ms };
  const all = extremes.length ? answer.rows.find((row) => row.pgpreflight_all === true) : undefined;
  const groups = answer.rows.filter((row) => row !== all);
  const first = groups[0];
  const count = Number(first?.pgpreflight_groups ?? 0);
  const samples = groups.map(({ pgpreflight_groups: _g, pgpreflight_rows: _r, pgpreflight_all: _a, ...row }) =>
    Object.fromEntries(Object.entries(row).filter(([key]) => !/^pgpreflight_x\d+$/.test(key))),
  );
  return {
    outcome: count > 0 ? 'violations' : 'clean',
    count,
    rows: Number(first?.pgpreflight_rows ?? 0),
    samples,
    query,
    extremes: extremes.map((_, i) => (all?.[`pgpreflight_x${i}`] as string | null | undefined) ?? null),
    ms,
  };
}

async function maintenanceWorkMem(tx: DatabaseClient): Promise<string> {
  const { rows } = await tx.query<{ value: string }>("SELECT pg_catalog.current_setting('maintenance_work_mem') AS value");
  return rows[0]?.value ?? '64MB';
}
