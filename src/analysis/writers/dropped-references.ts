import type { CatalogTrigger } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { AttributedEffect } from '../effects/attribute-effects.js';
import { firingTriggers, type Routine } from './routines.js';

interface Gone {
  readonly schema: string;
  readonly table: string;
  /** Undefined when the whole table goes. */
  readonly column?: string;
  readonly how: 'drops' | 'renames';
  readonly renamedTo?: string;
  readonly line?: number;
  readonly columnAt?: number;
}

type AnyNode = Readonly<Record<string, unknown>>;

/**
 * Functions whose body still names a column or table the migration drops or renames. PostgreSQL
 * does not record these dependencies for PL/pgSQL or string SQL bodies: the migration succeeds and
 * the next call fails with 42703 (column) or 42P01 (table). Read from the parsed statements of each
 * body: the tables a statement reads or writes, its column references, and NEW/OLD fields in
 * trigger functions fired on that table.
 */
export function droppedReferenceFindings(context: {
  readonly migration: { readonly id: string; readonly path: string };
  readonly effects: readonly AttributedEffect[];
  readonly routines: readonly Routine[];
  readonly triggers: readonly CatalogTrigger[];
}): Finding[] {
  const gone: Gone[] = context.effects.flatMap(({ effect, source }): Gone[] => {
    const at = source ? { line: source.line, columnAt: source.column } : {};
    switch (effect.kind) {
      case 'column-dropped':
        return [{ schema: effect.column.schema, table: effect.column.table, column: effect.column.name, how: 'drops', ...at }];
      case 'column-renamed':
        return [
          {
            schema: effect.before.schema,
            table: effect.before.table,
            column: effect.before.name,
            how: 'renames',
            renamedTo: effect.after.name,
            ...at,
          },
        ];
      case 'table-dropped':
        return [{ schema: effect.table.schema, table: effect.table.name, how: 'drops', ...at }];
      case 'table-renamed':
        return [{ schema: effect.before.schema, table: effect.before.name, how: 'renames', renamedTo: effect.after.name, ...at }];
      default:
        return [];
    }
  });
  if (gone.length === 0) return [];
  const findings: Finding[] = [];
  for (const routine of context.routines) {
    if (!routine.body) continue;
    const onTables = context.triggers
      .filter((t) => t.function.schema === routine.function.schema && t.function.name === routine.function.name)
      .map((t) => `${t.schema}.${t.table}`);
    for (const item of routine.body.embedded) {
      for (const object of gone) {
        if (!references(item.node as AnyNode | undefined, item.target, object, onTables.includes(`${object.schema}.${object.table}`)))
          continue;
        const name = object.column ? `${object.table}.${object.column}` : `table ${object.table}`;
        const fired = firingTriggers(routine, context.triggers);
        findings.push({
          ruleId: object.column ? 'function-references-dropped-column' : 'function-references-dropped-table',
          severity: 'error',
          message: `${routine.label} line ${item.bodyLine} still uses ${name}, which this migration ${object.how}${object.renamedTo ? ` to ${object.renamedTo}` : ''}: the next call fails with SQLSTATE ${object.column ? '42703' : '42P01'}${fired.length ? `; fired by ${fired.map((t) => `trigger ${t.name} ${t.event}`).join(', ')}` : ''}`,
          help: `update ${routine.label} in the same migration (CREATE OR REPLACE FUNCTION) to use the new schema`,
          migration: context.migration.id,
          file: context.migration.path,
          ...(object.line !== undefined ? { line: object.line, column: object.columnAt } : {}),
          evidence: {
            function: routine.identity,
            functionLine: item.bodyLine,
            statement: item.text,
            table: object.table,
            column: object.column ?? null,
            how: object.how,
            triggers: fired,
          },
        });
        break;
      }
    }
  }
  return findings;
}

function references(node: AnyNode | undefined, assignTarget: string | undefined, object: Gone, firedOnTable: boolean): boolean {
  const rowField = (field: string): boolean => firedOnTable && object.column !== undefined && field === object.column;
  if (assignTarget && /^(new|old)\.[^.]+$/i.test(assignTarget) && rowField(assignTarget.slice(4).replace(/^"(.*)"$/, '$1'))) return true;
  if (!node) return false;
  let onTable = false;
  const columns: string[][] = [];
  const targets: string[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, key));
    if (!value || typeof value !== 'object') return;
    const record = value as AnyNode;
    if (key === 'RangeVar' || ((key === 'relation' || key === 'table') && 'relname' in record)) {
      if (record.relname === object.table && (record.schemaname === undefined || record.schemaname === object.schema)) onTable = true;
    }
    if (key === 'ColumnRef')
      columns.push(((record.fields ?? []) as AnyNode[]).map((f) => String((f.String as AnyNode | undefined)?.sval ?? '*')));
    if (key === 'ResTarget' && typeof record.name === 'string') targets.push(record.name);
    for (const [k, v] of Object.entries(record)) visit(v, k);
  };
  visit(node);
  if (object.column === undefined) return onTable;
  if (columns.some((c) => c.length === 2 && /^(new|old)$/i.test(c[0]!) && rowField(c[1]!))) return true;
  if (!onTable) return false;
  return columns.some((c) => c[c.length - 1] === object.column && !/^(new|old)$/i.test(c[0]!)) || targets.includes(object.column);
}
