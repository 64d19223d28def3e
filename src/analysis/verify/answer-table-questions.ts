import type { CatalogObjects, CatalogStatistics, QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { queryInSavepoint } from '../../db/query-in-savepoint.js';
import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';
import type { ColumnExtreme, UniqueKeyQuestion } from '../probes/probe-sql.js';
import { probeUnique, type UniqueAnswer } from '../probes/probe-unique.js';

/** Duplicate keys under a config `unique` entry. */
export interface DuplicateQuestion {
  readonly id: string;
  readonly question: UniqueKeyQuestion;
}

/** The largest (or smallest) value of a column a sequence fills. */
export interface ExtremeQuestion extends ColumnExtreme {
  readonly table: QualifiedName;
}

export type ExtremeAnswer =
  | { readonly value: string | null; readonly query: string }
  | { readonly sqlState?: string; readonly error: string; readonly query: string };

export interface TableAnswers {
  readonly duplicates: ReadonlyMap<string, UniqueAnswer>;
  readonly extremes: ReadonlyMap<string, ExtremeAnswer>;
  /** Wall milliseconds of the duplicate queries (with what they carried) and of the extreme-only ones. */
  readonly ms: { readonly duplicates: number; readonly extremes: number };
}

export const extremeKey = (q: ExtremeQuestion): string => JSON.stringify([q.table.schema, q.table.name, q.column, q.extreme]);

/**
 * Answers the row questions of verify, table by table, each query under a savepoint of the
 * caller's read-only transaction so one failure leaves the others standing. A column that leads a
 * btree index has its max/min read from the index (no scan). The other extremes of a table are read
 * in one scan — carried by the table's first duplicate-key query when it has one, so the rows are
 * read once for both.
 */
export async function answerTableQuestions(
  tx: DatabaseClient,
  duplicates: readonly DuplicateQuestion[],
  extremes: readonly ExtremeQuestion[],
  catalog: { readonly objects: CatalogObjects; readonly statistics: CatalogStatistics },
  onTable?: (table: QualifiedName, estimatedRows: number | null) => void,
): Promise<TableAnswers> {
  const tables = new Map<string, { table: QualifiedName; duplicates: DuplicateQuestion[]; extremes: ExtremeQuestion[] }>();
  const entry = (table: QualifiedName) => {
    const key = JSON.stringify([table.schema, table.name]);
    let found = tables.get(key);
    if (!found) tables.set(key, (found = { table, duplicates: [], extremes: [] }));
    return found;
  };
  for (const d of duplicates) entry(d.question.table).duplicates.push(d);
  for (const x of extremes) entry(x.table).extremes.push(x);

  const duplicateAnswers = new Map<string, UniqueAnswer>();
  const extremeAnswers = new Map<string, ExtremeAnswer>();
  const ms = { duplicates: 0, extremes: 0 };
  for (const { table, duplicates: asked, extremes: wanted } of tables.values()) {
    const estimate = catalog.statistics.tables.find((t) => t.schema === table.schema && t.name === table.name)?.rowEstimate ?? null;
    onTable?.(table, estimate);
    const indexed = wanted.filter((x) =>
      catalog.objects.indexes.some(
        (i) =>
          i.schema === table.schema &&
          i.table === table.name &&
          i.method === 'btree' &&
          i.valid &&
          i.predicate === null &&
          i.columns[0] === x.column,
      ),
    );
    const scanned = wanted.filter((x) => !indexed.includes(x));
    const carried = asked.length ? scanned : [];
    for (const [i, d] of asked.entries()) {
      const answer = await probeUnique(tx, d.question, estimate, i === 0 ? carried : []);
      ms.duplicates += answer.ms;
      duplicateAnswers.set(d.id, answer);
      if (i > 0) continue;
      carried.forEach((x, n) =>
        extremeAnswers.set(
          extremeKey(x),
          answer.outcome === 'failed'
            ? { sqlState: answer.sqlState, error: answer.error ?? 'the query failed', query: extremeQuery(table, [x], true) }
            : { value: answer.extremes[n] ?? null, query: extremeQuery(table, [x], true) },
        ),
      );
    }
    for (const group of [indexed, asked.length ? [] : scanned]) {
      if (group.length === 0) continue;
      const start = performance.now();
      const answer = await queryInSavepoint(tx, extremeQuery(table, group, false));
      ms.extremes += performance.now() - start;
      group.forEach((x, n) =>
        extremeAnswers.set(
          extremeKey(x),
          'error' in answer
            ? { ...answer.error, query: extremeQuery(table, [x], true) }
            : { value: (answer.rows[0]?.[`x${n}`] as string | null | undefined) ?? null, query: extremeQuery(table, [x], true) },
        ),
      );
    }
  }
  return { duplicates: duplicateAnswers, extremes: extremeAnswers, ms };
}

function extremeQuery(table: QualifiedName, columns: readonly ColumnExtreme[], forPerson: boolean): string {
  const list = columns
    .map(
      (x, n) => `${forPerson ? x.extreme : `pg_catalog.${x.extreme}`}(${quoteIdentifier(x.column)})${forPerson ? '' : `::text AS "x${n}"`}`,
    )
    .join(', ');
  return `SELECT ${list} FROM ${quoteQualifiedName(table.schema, table.name)}`;
}
