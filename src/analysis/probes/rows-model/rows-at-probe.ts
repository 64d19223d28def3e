import type { CatalogObjects, QualifiedName } from '../../../catalog/catalog-snapshot.js';
import type { Statement } from '../../../sql/statement.js';
import type { ProbeRequest, SkippedProbe } from '../probe-request.js';
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
  const createdTypes = new Set(
    pending.flatMap((m) => m.statements.flatMap((s) => (TYPE_CREATORS.has(s.kind) ? createdTypeName(s.node) : []))),
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
      model: tableModel(t, window.statements, objects, userFunction, `pgpreflight_m${i}`, createdTypes),
    }));
    const added = request.added ?? [];
    const undecided = models.find((m) => m.model.kind === 'undecided')?.model;
    if (undecided?.kind === 'undecided') return { ...undecided, source: TABLE_ROWS };
    // Steps that only add, drop or rename columns leave the other columns' values as the target has them.
    const modelled = models.flatMap((m) =>
      m.model.kind === 'modelled' && (added.length || !m.model.columnsOnly) ? [{ table: m.table, model: m.model }] : [],
    );
    const own = modelled.find((m) => sameTable(m.table, request.table))?.model;
    const absent = added.filter((c) => !own?.columns.includes(c));
    if (absent.length)
      return {
        kind: 'undecided',
        source: TABLE_ROWS,
        migration: request.origin.migration,
        line: request.origin.line ?? 0,
        reason: `column ${absent.join(', ')} does not exist on the target yet`,
      };
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

// Statements creating a type a column may be declared with.
const TYPE_CREATORS = new Set(['CreateEnumStmt', 'CreateDomainStmt', 'CompositeTypeStmt', 'CreateRangeStmt', 'DefineStmt']);

function createdTypeName(node: unknown): string[] {
  const stmt = Object.values(node as Record<string, Record<string, unknown>>)[0]!;
  const names = (stmt.typeName ?? stmt.domainname ?? stmt.defnames ?? (stmt.typevar as { relname?: string } | undefined)?.relname) as
    { String: { sval: string } }[] | string | undefined;
  if (typeof names === 'string') return [names];
  return names?.length ? [names[names.length - 1]!.String.sval] : [];
}

/**
 * A probe of a column a pending migration adds runs only over modelled rows holding it: where the
 * model cannot follow the statements before (or the column's value is not known before the run),
 * the probe is a note saying why, never a query on a column the target does not have.
 */
export function onModelledRows(
  requests: readonly ProbeRequest[],
  rowsAt: (request: ProbeRequest) => RowsAtProbe,
): { requests: readonly ProbeRequest[]; skipped: readonly SkippedProbe[] } {
  const runnable: ProbeRequest[] = [];
  const skipped: SkippedProbe[] = [];
  for (const request of requests) {
    const at = request.added?.length ? rowsAt(request) : undefined;
    if (at === undefined || at.kind === 'modelled') runnable.push(request);
    else
      skipped.push({
        table: request.table,
        what: probeSubject(request),
        reason:
          at.kind === 'as-is'
            ? `column ${request.added!.join(', ')} does not exist on the target yet`
            : at.line === request.origin.line && at.migration === request.origin.migration
              ? at.reason
              : `${at.reason} (the statement at line ${at.line}${at.migration === request.origin.migration ? '' : ` of ${at.migration}`})`,
        origin: request.origin,
      });
  }
  return { requests: runnable, skipped };
}

const probeSubject = (request: ProbeRequest): string =>
  request.kind === 'unique'
    ? `unique index ${request.name}`
    : 'constraint' in request && request.constraint
      ? `${request.kind} ${request.constraint}`
      : `${request.kind} of ${'column' in request ? request.column : request.table.name}`;

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
