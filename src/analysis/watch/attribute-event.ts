import type { Attribution } from '../../core/watch-records.js';
import type { ClassifiedEvent } from './classify-event.js';
import type { DeployedChange } from '../../catalog/deployed-change.js';

/**
 * The deployed change an event touches, most specific first: the constraint it violated, the column
 * it names (or named before a rename or drop), a column whose new type a value no longer fits, the
 * enum a value is not in, a table the deploy added, renamed or dropped, and finally a function or
 * trigger function the error was raised in (its CONTEXT). Undefined: not the deploy's doing, as far
 * as the objects tell.
 */
export function attributeEvent(event: ClassifiedEvent, changes: readonly DeployedChange[]): Attribution | undefined {
  if (!changes.length) return undefined;
  const table = event.table ? bare(event.table) : undefined;
  const onTable = (change: DeployedChange): boolean => !table || !change.table || change.table === table;
  const tableChange = (): DeployedChange | undefined =>
    table ? changes.find((c) => c.kind === 'table' && (c.name === table || c.previousName === table)) : undefined;
  // A named constraint is the failure: a change to one of its columns is not what broke it.
  const found = event.constraint
    ? changes.find((c) => c.kind === 'constraint' && c.name === event.constraint && onTable(c)) ||
      tableChange() ||
      raisedIn(event.event.context, changes)
    : (event.column &&
        changes.find((c) => c.kind === 'column' && (c.name === event.column || c.previousName === event.column) && onTable(c))) ||
      (event.columns && table && changes.find((c) => c.kind === 'column' && c.table === table && event.columns!.includes(c.name))) ||
      (event.sqlState === '22001' &&
        event.type &&
        changes.find((c) => c.kind === 'column' && c.change === 'column-changed' && c.type === event.type)) ||
      (event.sqlState === '22P02' && event.type && changes.find((c) => c.kind === 'enum' && c.name === bare(event.type!))) ||
      tableChange() ||
      (event.function && changes.find((c) => c.kind === 'function' && c.name === bare(event.function!))) ||
      raisedIn(event.event.context, changes);
  if (!found) return undefined;
  return { migration: found.migration, object: objectName(found), change: found.change, description: found.description };
}

// "PL/pgSQL function record_schedule_consumption() line 4 at SQL statement"
function raisedIn(context: string | undefined, changes: readonly DeployedChange[]): DeployedChange | undefined {
  if (!context) return undefined;
  const functions = [...context.matchAll(/function ([\w$."]+)\(/g)].map((m) => bare(m[1]!.replace(/"/g, '')));
  if (!functions.length) return undefined;
  return changes.find(
    (c) =>
      (c.kind === 'function' && c.change !== 'function-dropped' && functions.includes(c.name)) ||
      (c.kind === 'trigger' && c.function !== undefined && functions.includes(c.function)),
  );
}

function objectName(change: DeployedChange): string {
  switch (change.kind) {
    case 'column':
      return `column ${change.table}.${change.name}`;
    case 'trigger':
      return `trigger ${change.name} on ${change.table}`;
    default:
      return `${change.kind} ${change.name}`;
  }
}

// Messages name tables as `public.t` or `t`; deployed changes carry the schema apart.
function bare(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
