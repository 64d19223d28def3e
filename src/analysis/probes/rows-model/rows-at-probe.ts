import type { CatalogObjects, QualifiedName } from '../../../catalog/catalog-snapshot.js';
import type { Statement } from '../../../sql/statement.js';
import type { ProbeRequest } from '../probe-request.js';
import { TABLE_ROWS, type RowsSource } from '../rows-source.js';
import { sameTable } from './rebind-table.js';
import { tableModel, type ModelledStep, type RunStatement } from './table-model.js';

/** The statements of each pending migration, in the order the run applies them. */
export interface PendingStatements {
  readonly migration: string;
  readonly statements: readonly Statement[];
}

/** What a probe's answer rests on: the target's rows, the rows as modelled, or neither. */
export type RowsAtProbe =
  | { readonly kind: 'as-is'; readonly source: RowsSource }
  | { readonly kind: 'modelled'; readonly source: RowsSource; readonly steps: readonly ModelledStep[] }
  | { readonly kind: 'undecided'; readonly source: RowsSource; readonly migration: string; readonly line: number; readonly reason: string };

const AS_IS: RowsAtProbe = { kind: 'as-is', source: TABLE_ROWS };

/**
 * For each probe, the rows of the tables it reads as the statements before it leave them: the
 * earlier statements of its migration and every statement of the pending migrations before. The
 * answer is computed from the target's rows in the same read-only transaction; nothing is written.
 */
export function rowsAtProbes(pending: readonly PendingStatements[], objects: CatalogObjects): (request: ProbeRequest) => RowsAtProbe {
  const created = new Set(
    pending.flatMap((m) =>
      m.statements.flatMap((s) =>
        s.kind === 'CreateFunctionStmt'
          ? [((s.ast.funcname ?? []) as { String: { sval: string } }[]).map((n) => n.String.sval).slice(-1)[0]!]
          : [],
      ),
    ),
  );
  const userFunction = (name: QualifiedName): boolean =>
    created.has(name.name) || objects.functions.some((f) => f.name === name.name && (name.schema === 'public' || f.schema === name.schema));
  return (request) => {
    const window = statementsBefore(pending, request.origin);
    if (window === undefined) return AS_IS;
    const tables: QualifiedName[] = [
      request.table,
      ...(request.kind === 'foreign-key' && !sameTable(request.referencedTable, request.table) ? [request.referencedTable] : []),
    ];
    const models = tables.map((t, i) => ({
      table: t,
      model: tableModel(t, window.statements, objects, userFunction, `pgpreflight_m${i}`),
    }));
    const undecided = models.find((m) => m.model.kind === 'undecided')?.model;
    if (undecided?.kind === 'undecided') return { ...undecided, source: TABLE_ROWS };
    const modelled = models.flatMap((m) => (m.model.kind === 'modelled' ? [{ table: m.table, model: m.model }] : []));
    if (!modelled.length) return AS_IS;
    const last = modelled[modelled.length - 1]!.model.steps.slice(-1)[0]!;
    if (!window.exact)
      return {
        kind: 'undecided',
        source: TABLE_ROWS,
        migration: last.migration,
        line: last.line,
        reason: 'the statement this probe tests could not be placed among them',
      };
    const opaque = modelled.flatMap((m) => m.model.opaque.filter((c) => readsColumn(request, m.table, c)));
    if (opaque.length)
      return {
        kind: 'undecided',
        source: TABLE_ROWS,
        migration: last.migration,
        line: last.line,
        reason: `the value it gives ${opaque[0]} is not known before it runs (a sequence, identity or random value)`,
      };
    if (request.kind === 'exclusion' || request.kind === 'expression')
      return {
        kind: 'undecided',
        source: TABLE_ROWS,
        migration: last.migration,
        line: last.line,
        reason: `the ${request.kind} probe does not run over modelled rows yet`,
      };
    const source: RowsSource = {
      with: `WITH ${modelled.flatMap((m) => m.model.ctes).join(', ')} `,
      relation: (t) => modelled.find((m) => sameTable(m.table, t))?.model.relation ?? TABLE_ROWS.relation(t),
      modelled: true,
    };
    return {
      kind: 'modelled',
      source,
      steps: modelled.flatMap((m) => m.model.steps).sort((a, b) => order(pending, a) - order(pending, b)),
    };
  };
}

const order = (pending: readonly PendingStatements[], step: ModelledStep): number =>
  pending.findIndex((m) => m.migration === step.migration) * 1e9 + step.line;

/** The statements that run before the probed one; `exact` is false when its place is not known (then all of its migration). */
function statementsBefore(
  pending: readonly PendingStatements[],
  origin: ProbeRequest['origin'],
): { statements: RunStatement[]; exact: boolean } | undefined {
  const at = pending.findIndex((m) => m.migration === origin.migration);
  if (at < 0) return undefined;
  const statements: RunStatement[] = pending
    .slice(0, at)
    .flatMap((m) => m.statements.map((statement) => ({ migration: m.migration, statement })));
  const own = pending[at]!;
  const line = origin.line;
  const index = line === undefined ? -1 : own.statements.findIndex((s) => s.line <= line && line <= s.endLine);
  const mine = index < 0 ? own.statements : own.statements.slice(0, index);
  statements.push(...mine.map((statement) => ({ migration: own.migration, statement })));
  return { statements, exact: index >= 0 || own.statements.length === 0 };
}

/** Whether the probe's answer depends on the column's value (of the probed table or, for a foreign key, the parent). */
function readsColumn(request: ProbeRequest, table: QualifiedName, column: string): boolean {
  if (request.kind === 'foreign-key' && sameTable(table, request.referencedTable) && !sameTable(table, request.table))
    return request.referencedColumns.includes(column);
  switch (request.kind) {
    case 'check':
      return request.columns.includes(column) || request.columns.length === 0;
    case 'foreign-key':
      return request.columns.includes(column);
    case 'unique':
      return request.keys.some((k) => k.column === column || k.expression !== undefined) || request.predicate !== null;
    case 'not-null':
      return request.reason !== 'new-column' && request.column === column;
    default:
      return 'column' in request && request.column === column;
  }
}
