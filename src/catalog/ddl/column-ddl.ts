import type { CatalogColumn, CatalogObjects } from '../catalog-snapshot.js';
import type { ColumnChange } from '../effect.js';
import { alterTable, ident, qualified } from './ddl-names.js';
import { DdlPhase, note, NOT_RECOVERABLE, step, type DdlContext, type DdlStep } from './ddl-step.js';
import { sequenceOptions } from './sequence-ddl.js';

/** `"name" type …` as in CREATE TABLE and ADD COLUMN; `withNotNull: false` leaves NOT NULL for later. */
export function columnDefinition(column: CatalogColumn, objects: CatalogObjects, withNotNull = true): string {
  const parts = [ident(column.name), column.type];
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.kind.toUpperCase()}`);
  if (column.identity) parts.push(identityClause(column, objects));
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull && withNotNull) parts.push('NOT NULL');
  return parts.join(' ');
}

/** `GENERATED … AS IDENTITY (…)` with the options of its sequence that are not the defaults. */
function identityClause(column: CatalogColumn, objects: CatalogObjects): string {
  const kind = column.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT';
  const sequence = objects.sequences.find(
    (s) => s.identity && s.ownedBy?.schema === column.schema && s.ownedBy.table === column.table && s.ownedBy.column === column.name,
  );
  if (!sequence) return `GENERATED ${kind} AS IDENTITY`;
  const options = sequenceOptions(sequence, column.type);
  if (sequence.schema !== column.schema || sequence.name !== `${column.table}_${column.name}_seq`) {
    options.unshift(`SEQUENCE NAME ${qualified(sequence)}`);
  }
  return `GENERATED ${kind} AS IDENTITY${options.length ? ` (${options.join(' ')})` : ''}`;
}

// New columns after the changes to existing ones: a generated column may read a column being retyped.
const ADDED_LAST = 1;

export function columnAdded(column: CatalogColumn, context: DdlContext): DdlStep[] {
  if (!context.restoring) {
    return [step(DdlPhase.alterColumn, alterTable(column, `ADD COLUMN ${columnDefinition(column, context.to)}`), ADDED_LAST)];
  }
  // Its rows' values went with the column: add it nullable, say where the data must come from,
  // then NOT NULL, which fails until the values are back (when there are rows and no default).
  const steps = [
    step(DdlPhase.alterColumn, alterTable(column, `ADD COLUMN ${columnDefinition(column, context.to, false)}`), ADDED_LAST),
    note(
      DdlPhase.alterColumn,
      `${NOT_RECOVERABLE}: the values of ${column.table}.${column.name} were dropped with the column.\nRestore them from the backup taken before the migration, here.`,
      ADDED_LAST,
    ),
  ];
  if (column.notNull)
    steps.push(step(DdlPhase.alterColumn, alterTable(column, `ALTER COLUMN ${ident(column.name)} SET NOT NULL`), ADDED_LAST));
  return steps;
}

export function columnDropped(column: CatalogColumn): DdlStep[] {
  return [step(DdlPhase.dropColumn, alterTable(column, `DROP COLUMN ${ident(column.name)}`))];
}

export function columnRenamed(before: CatalogColumn, after: CatalogColumn): DdlStep[] {
  return [step(DdlPhase.rename, alterTable(after, `RENAME COLUMN ${ident(before.name)} TO ${ident(after.name)}`))];
}

/** Type, default, nullability, identity, generation and collation, each by its own ALTER COLUMN. */
export function columnChanged(
  before: CatalogColumn,
  after: CatalogColumn,
  changes: readonly ColumnChange[],
  context: DdlContext,
): DdlStep[] {
  const column = ident(after.name);
  const actions: string[] = [];
  const has = (change: ColumnChange): boolean => changes.includes(change);
  if (has('generated')) {
    // PostgreSQL 15 cannot change a generation expression in place: the column is computed again.
    return [...columnDropped(before), ...columnAdded(after, { ...context, restoring: false })].map((s) => ({
      ...s,
      phase: DdlPhase.alterColumn,
    }));
  }
  if (has('identity') && before.identity !== null && after.identity === null) actions.push(`ALTER COLUMN ${column} DROP IDENTITY`);
  // A default is converted along with the column, and fails to be when it cannot be cast.
  const retyped = has('type') || has('collation');
  if (retyped && before.default !== null) actions.push(`ALTER COLUMN ${column} DROP DEFAULT`);
  if (retyped) {
    const collate = after.collation ? ` COLLATE ${after.collation}` : '';
    const using = has('type') ? ` USING ${column}::${after.type}` : '';
    actions.push(`ALTER COLUMN ${column} TYPE ${after.type}${collate}${using}`);
  }
  if ((retyped || has('default')) && after.default !== null) actions.push(`ALTER COLUMN ${column} SET DEFAULT ${after.default}`);
  else if (has('default') && after.default === null && !retyped) actions.push(`ALTER COLUMN ${column} DROP DEFAULT`);
  if (has('set-not-null')) actions.push(`ALTER COLUMN ${column} SET NOT NULL`);
  if (has('drop-not-null')) actions.push(`ALTER COLUMN ${column} DROP NOT NULL`);
  if (has('identity') && after.identity !== null) {
    actions.push(
      before.identity === null
        ? `ALTER COLUMN ${column} ADD ${identityClause(after, context.to)}`
        : `ALTER COLUMN ${column} SET GENERATED ${after.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`,
    );
  }
  return actions.map((action) => step(DdlPhase.alterColumn, alterTable(after, action)));
}
