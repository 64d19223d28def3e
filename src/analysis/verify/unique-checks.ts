import type { CatalogObjects, CatalogTable } from '../../catalog/catalog-snapshot.js';
import { closeNames, findTable } from '../../catalog/find-table.js';
import type { Finding } from '../../core/finding.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { UniqueKeyQuestion } from '../probes/probe-sql.js';
import type { UniqueAnswer } from '../probes/probe-unique.js';
import { shown } from './health/health-context.js';
import { failedHelp } from './failed-help.js';
import { plural, type VerifyCheckRun } from './verify-check-run.js';

/** A config `unique` entry: these columns (of the rows matching `where`) should identify a row. */
export interface UniqueEntry {
  readonly table: string;
  readonly columns: readonly string[];
  readonly where?: string;
  readonly nullsNotDistinct?: boolean;
}

/** An entry matched against the target's catalog. */
export interface ResolvedUnique {
  readonly id: string;
  readonly entry: UniqueEntry;
  readonly title: string;
  /** The question to ask the rows; absent when the entry names a table or column the target lacks. */
  readonly question?: UniqueKeyQuestion;
  /** A valid unique index that already guarantees the key: no need to read a row. */
  readonly enforcedBy?: string;
  readonly problem?: { readonly message: string; readonly hint: string };
}

export function resolveUniqueEntries(entries: readonly UniqueEntry[], objects: CatalogObjects): ResolvedUnique[] {
  const ids = new Map<string, number>();
  return entries.map((entry) => {
    const nnd = entry.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '';
    const where = entry.where ? ` WHERE ${entry.where}` : '';
    const key = `unique:${entry.table}(${entry.columns.join(',')})${nnd}${where}`;
    // The same entry twice in a config still gets two lines.
    const seen = (ids.get(key) ?? 0) + 1;
    ids.set(key, seen);
    const id = seen > 1 ? `${key} #${seen}` : key;
    const title = `${entry.table} (${entry.columns.join(', ')}) unique${nnd}${where}`;
    let table: CatalogTable;
    try {
      table = findTable(objects, entry.table);
    } catch (error) {
      if (!(error instanceof PgPreflightError)) throw error;
      return { id, entry, title, problem: { message: error.message, hint: error.hint ?? 'check unique[].table in the config' } };
    }
    const columns = objects.columns.filter((c) => c.schema === table.schema && c.table === table.name);
    const keys: string[] = [];
    for (const wanted of entry.columns) {
      const found = columns.find((c) => c.name === wanted) ?? columns.find((c) => c.name === wanted.toLowerCase());
      if (!found) {
        const close = closeNames(
          wanted,
          columns.map((c) => ({ name: c.name, shown: c.name })),
        );
        return {
          id,
          entry,
          title,
          problem: {
            message: `no column ${wanted} in ${shown(table.schema, table.name)}`,
            hint: close.length ? `did you mean ${close.join(', ')}?` : `its columns: ${columns.map((c) => c.name).join(', ')}`,
          },
        };
      }
      keys.push(found.name);
    }
    const nullsNotDistinct = entry.nullsNotDistinct ?? false;
    const notNull = new Set(columns.filter((c) => c.notNull).map((c) => c.name));
    // A unique index on some of the key's columns makes the whole key unique — for NULL keys too
    // when the index treats NULLs as equal or its columns cannot be NULL.
    const enforcedBy = objects.indexes.find(
      (i) =>
        i.schema === table.schema &&
        i.table === table.name &&
        i.unique &&
        i.valid &&
        i.predicate === null &&
        i.columns.length > 0 &&
        i.columns.every((column) => keys.includes(column)) &&
        (!nullsNotDistinct || i.nullsNotDistinct || i.columns.every((column) => notNull.has(column))),
    )?.name;
    return {
      id,
      entry,
      title,
      question: {
        table: { schema: table.schema, name: table.name },
        keys: keys.map((column) => ({ column })),
        predicate: entry.where ?? null,
        nullsNotDistinct,
      },
      ...(enforcedBy ? { enforcedBy } : {}),
    };
  });
}

/** The check line and findings of one entry, from its answer (none when enforced by an index or unresolved). */
export function uniqueCheckRun(resolved: ResolvedUnique, answer: UniqueAnswer | undefined): VerifyCheckRun {
  const base = { id: resolved.id, kind: 'unique' as const, title: resolved.title };
  const nulls = resolved.entry.nullsNotDistinct ? 'NULLS NOT DISTINCT' : 'NULLs distinct';
  if (resolved.problem) {
    return {
      ...base,
      summary: 'not checked: the table or a column is not on the target',
      findings: [
        {
          ruleId: 'query-failed',
          severity: 'error',
          message: `unique entry ${resolved.title} could not be checked: ${resolved.problem.message}`,
          help: resolved.problem.hint,
          evidence: { unique: resolved.entry },
        },
      ],
      ms: 0,
    };
  }
  if (resolved.enforcedBy) return { ...base, summary: `enforced by unique index ${resolved.enforcedBy}`, findings: [], ms: 0 };
  const q = resolved.question!;
  const table = shown(q.table.schema, q.table.name);
  const columns = resolved.entry.columns.join(', ');
  if (!answer) return { ...base, summary: 'not checked', findings: [], ms: 0 };
  const evidence = {
    schema: q.table.schema,
    table: q.table.name,
    columns: q.keys.map((k) => k.column),
    where: q.predicate,
    nullsNotDistinct: q.nullsNotDistinct,
    query: answer.query,
  };
  let findings: Finding[] = [];
  let summary = `no duplicates (${nulls})`;
  if (answer.outcome === 'failed') {
    summary = `query failed (SQLSTATE ${answer.sqlState ?? 'unknown'})`;
    findings = [
      {
        ruleId: 'query-failed',
        severity: 'error',
        message: `duplicates in ${table} (${columns}) could not be checked: ${answer.error} (SQLSTATE ${answer.sqlState ?? 'unknown'})`,
        help: failedHelp(answer.sqlState, 'unique[].where'),
        evidence: { ...evidence, sqlState: answer.sqlState, error: answer.error },
      },
    ];
  } else if (answer.outcome === 'violations') {
    summary = `${plural(answer.count, 'duplicate group')}, ${plural(answer.rows, 'row')} (${nulls})`;
    findings = [
      {
        ruleId: 'unique-duplicates',
        severity: 'error',
        message: `${plural(answer.count, 'duplicate key group')} (${plural(answer.rows, 'row')}) in ${table} on (${columns})${
          q.predicate ? ` where ${q.predicate}` : ''
        }; ${
          q.nullsNotDistinct
            ? 'keys holding NULL count as equal (nullsNotDistinct)'
            : `a key holding a NULL never collides, as in a UNIQUE index (set nullsNotDistinct: true to count those too)`
        }`,
        help: 'merge or delete the duplicates (the query lists every group), then let the database hold the key: CREATE UNIQUE INDEX CONCURRENTLY …',
        evidence: { ...evidence, count: answer.count, rows: answer.rows, samples: answer.samples },
      },
    ];
  }
  return { ...base, summary, findings, ms: answer.ms };
}
