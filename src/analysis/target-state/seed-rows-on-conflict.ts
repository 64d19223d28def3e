import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import { queryInSavepoint } from '../../db/query-in-savepoint.js';
import type { Statement } from '../../sql/statement.js';
import { quoteIdentifier, quoteQualifiedName } from '../../sql/quote-identifier.js';
import { insertedRows, type InsertedRows } from './inserted-rows.js';
import { shownName, targetStateFinding, type TargetRowsInput } from './target-state-input.js';

type InsertStatement = Extract<Statement, { kind: 'InsertStmt' }>;

const SAMPLES = 5;

/**
 * `INSERT … VALUES … ON CONFLICT DO NOTHING` (seed and lookup rows) where the target already holds
 * rows with those keys and other values: the migration's rows are silently not written. The
 * target's rows are read by key — the VALUES passed as one JSON parameter, read into the table's
 * row type by PostgreSQL's own input functions, so `'1'` and `1` or two spellings of a timestamp
 * compare as the column does.
 */
export async function judgeSeedRows(input: TargetRowsInput, statement: InsertStatement): Promise<Finding[]> {
  const conflict = statement.ast.onConflictClause;
  if (conflict?.action !== 'ONCONFLICT_NOTHING') return [];
  const inserted = insertedRows(statement, input.after, input.before);
  if (!inserted || input.touched.tableRows(inserted.table)) return [];
  const target = input.target.objects;
  const targetColumns = target.columns.filter((c) => c.schema === inserted.schema && c.table === inserted.table);
  if (targetColumns.length === 0) return [];
  const keys = conflictKeys(target, inserted, conflict.infer);
  if (!keys || keys.some((k) => !targetColumns.some((c) => c.name === k))) return [];
  const compared = inserted.columns.filter((c) => !keys.includes(c) && targetColumns.some((t) => t.name === c && t.generated === null));
  // Rows whose keys are all constants; a NULL key never conflicts.
  const rows = inserted.rows.filter((row) => keys.every((k) => typeof row[inserted.columns.indexOf(k)] === 'string'));
  if (rows.length === 0 || compared.length === 0) return [];
  const json = rows.map((row) => Object.fromEntries(inserted.columns.flatMap((c, i) => (row[i] === undefined ? [] : [[c, row[i]]]))));
  const t = quoteQualifiedName(inserted.schema, inserted.table);
  const sql = `SELECT v.ordinality::int AS i, ${compared
    .map(
      (c, n) =>
        `t.${quoteIdentifier(c)}::text AS t${n}, v.${quoteIdentifier(c)}::text AS m${n}, ` +
        `(pg_catalog.jsonb_exists($1::jsonb -> (v.ordinality::int - 1), $${n + 2}) AND t.${quoteIdentifier(c)} IS DISTINCT FROM v.${quoteIdentifier(c)}) AS d${n}`,
    )
    .join(', ')}
  FROM pg_catalog.jsonb_populate_recordset(NULL::${t}, $1::jsonb) WITH ORDINALITY AS v
  JOIN ${t} AS t ON ${keys.map((k) => `t.${quoteIdentifier(k)} = v.${quoteIdentifier(k)}`).join(' AND ')}
  ORDER BY 1`;
  const read = await queryInSavepoint(input.targetTx, sql, [JSON.stringify(json), ...compared]);
  const shown = shownName(inserted.schema, inserted.table);
  if ('error' in read) return [skipped(input, statement, `the target's rows of ${shown} could not be read: ${read.error.error}`)];
  const differing = read.rows.flatMap((row) => {
    const values = compared.flatMap((c, n) =>
      row[`d${n}`] === true ? [{ column: c, target: row[`t${n}`] as string | null, migration: row[`m${n}`] as string | null }] : [],
    );
    if (values.length === 0) return [];
    const source = json[(row.i as number) - 1]!;
    return [{ key: Object.fromEntries(keys.map((k) => [k, source[k]])), values }];
  });
  if (differing.length === 0) return [];
  return [
    targetStateFinding(input, statement, {
      ruleId: 'target-seed-rows-differ',
      severity: 'warning',
      message:
        `${differing.length} of the ${rows.length} rows this INSERT … ON CONFLICT DO NOTHING writes into ${shown} already exist on the target ` +
        `with other values (${describeDifference(differing[0]!)}): they are not written, and the target keeps its values`,
      help: `if the migration's values must win, write ON CONFLICT (${keys.join(', ')}) DO UPDATE SET …; if the target's are right, change the migration`,
      evidence: { table: shown, keys, count: differing.length, rows: differing.slice(0, SAMPLES) },
    }),
  ];
}

function describeDifference(row: {
  readonly key: Record<string, unknown>;
  readonly values: readonly { column: string; target: string | null; migration: string | null }[];
}): string {
  const key = Object.entries(row.key)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
  const value = row.values[0]!;
  return `${key}: ${value.column} is ${value.target === null ? 'NULL' : `'${value.target}'`} there, ${value.migration === null ? 'NULL' : `'${value.migration}'`} in the migration`;
}

/** The keys ON CONFLICT arbitrates on: the ones named, the named constraint's, else the primary key or a unique index the insert fills. */
function conflictKeys(target: CatalogObjects, inserted: InsertedRows, infer: unknown): readonly string[] | undefined {
  const spec = infer as { indexElems?: { IndexElem?: { name?: string } }[]; conname?: string } | undefined;
  if (spec?.indexElems?.length) {
    const names = spec.indexElems.map((e) => e.IndexElem?.name);
    return names.every((n): n is string => typeof n === 'string') ? names : undefined;
  }
  const ofTable = (o: { schema: string; table: string }): boolean => o.schema === inserted.schema && o.table === inserted.table;
  if (spec?.conname) return target.constraints.find((c) => ofTable(c) && c.name === spec.conname)?.columns;
  // Without a conflict target any unique violation is skipped: the primary key is the usual one.
  const unique = target.indexes
    .filter((i) => ofTable(i) && i.unique && i.valid && i.predicate === null && i.keys.every((k) => k.column !== null))
    .sort((a, b) => Number(b.primary) - Number(a.primary));
  return unique.find((i) => i.columns.every((c) => inserted.columns.includes(c)))?.columns;
}

export function skipped(input: TargetRowsInput, statement: Statement, reason: string): Finding {
  return targetStateFinding(input, statement, {
    ruleId: 'target-state-skipped',
    severity: 'info',
    message: `${reason}; this statement was not compared with the target`,
    help: 'nothing to do; the other checks still ran',
    evidence: { reason },
  });
}
