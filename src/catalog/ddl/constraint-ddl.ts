import type { CatalogConstraint, CatalogIndex, CatalogObjects } from '../catalog-snapshot.js';
import { alterTable, ident, qualified } from './ddl-names.js';
import { DdlPhase, step, type DdlStep } from './ddl-step.js';

/**
 * ADD CONSTRAINT with `pg_get_constraintdef` verbatim: the exact CHECK, the foreign key's ON
 * DELETE / ON UPDATE / MATCH / DEFERRABLE, NOT VALID. Foreign keys come after every table, key
 * and index exists.
 */
export function constraintAdded(constraint: CatalogConstraint): DdlStep[] {
  return [
    step(
      constraint.type === 'foreign-key' ? DdlPhase.addForeignKey : DdlPhase.addConstraint,
      alterTable(constraint, `ADD CONSTRAINT ${ident(constraint.name)} ${constraint.definition}`),
    ),
  ];
}

export function constraintDropped(constraint: CatalogConstraint): DdlStep[] {
  return [
    step(
      constraint.type === 'foreign-key' ? DdlPhase.dropForeignKey : DdlPhase.dropConstraint,
      alterTable(constraint, `DROP CONSTRAINT ${ident(constraint.name)}`),
    ),
  ];
}

export function constraintReplaced(before: CatalogConstraint, after: CatalogConstraint): DdlStep[] {
  return [...constraintDropped(before), ...constraintAdded(after)];
}

export function constraintValidated(constraint: CatalogConstraint): DdlStep[] {
  return [step(DdlPhase.addConstraint, alterTable(constraint, `VALIDATE CONSTRAINT ${ident(constraint.name)}`))];
}

/** `pg_get_indexdef` verbatim; an index on a materialized view waits for the view. */
export function indexAdded(index: CatalogIndex, objects: CatalogObjects): DdlStep[] {
  const onView = objects.tables.some((t) => t.schema === index.schema && t.name === index.table && t.kind === 'matview');
  return [step(onView ? DdlPhase.createViewIndex : DdlPhase.createIndex, `${index.definition};`)];
}

export function indexDropped(index: CatalogIndex): DdlStep[] {
  return [step(DdlPhase.dropIndex, `DROP INDEX ${qualified(index)};`)];
}

export function indexReplaced(before: CatalogIndex, after: CatalogIndex, objects: CatalogObjects): DdlStep[] {
  return [...indexDropped(before), ...indexAdded(after, objects)];
}

/** The constraints and indexes of a table created whole (its own indexes, not those of its constraints). */
export function tableConstraintsAndIndexes(objects: CatalogObjects, table: { readonly schema: string; readonly name: string }): DdlStep[] {
  const on = (o: { readonly schema: string; readonly table: string }): boolean => o.schema === table.schema && o.table === table.name;
  return [
    ...objects.constraints.filter(on).flatMap(constraintAdded),
    ...objects.indexes.filter((i) => on(i) && i.constraint === null).flatMap((i) => indexAdded(i, objects)),
  ];
}
