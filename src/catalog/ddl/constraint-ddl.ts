import type { CatalogConstraint, CatalogIndex, CatalogObjects, CatalogTable } from '../catalog-snapshot.js';
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

/**
 * `pg_get_indexdef` verbatim, with two exceptions for partitioning: an index on a partitioned table
 * is printed `ON ONLY`, which would leave the partitions without theirs, so it is created on the
 * whole tree; a partition's own copy then already exists (IF NOT EXISTS). An index on a
 * materialized view waits for the view.
 */
export function indexAdded(index: CatalogIndex, objects: CatalogObjects): DdlStep[] {
  const table = tableOf(index, objects);
  if (table?.kind === 'matview') return [step(DdlPhase.createViewIndex, `${index.definition};`)];
  if (table?.partitionOf)
    return [step(DdlPhase.createIndex, `${index.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ')};`, 1)];
  const definition = table?.kind === 'partitioned' ? index.definition.replace(' ON ONLY ', ' ON ') : index.definition;
  return [step(DdlPhase.createIndex, `${definition};`)];
}

/**
 * An index on a materialized view may be gone with its view by then, and one on a partition with
 * its parent index: both only IF EXISTS, the partition's after the parent's.
 */
export function indexDropped(index: CatalogIndex, from: CatalogObjects): DdlStep[] {
  const table = tableOf(index, from);
  const partition = table?.partitionOf !== null && table?.partitionOf !== undefined;
  const maybeGone = partition || table?.kind === 'matview';
  return [step(DdlPhase.dropIndex, `DROP INDEX ${maybeGone ? 'IF EXISTS ' : ''}${qualified(index)};`, partition ? 1 : undefined)];
}

export function indexReplaced(before: CatalogIndex, after: CatalogIndex, from: CatalogObjects, to: CatalogObjects): DdlStep[] {
  return [...indexDropped(before, from), ...indexAdded(after, to)];
}

function tableOf(index: CatalogIndex, objects: CatalogObjects): CatalogObjects['tables'][number] | undefined {
  return objects.tables.find((t) => t.schema === index.schema && t.name === index.table);
}

/**
 * The constraints and indexes of a table created whole (its own indexes, not those of its
 * constraints). A partition inherits its parent's constraints: only its own are added.
 */
export function tableConstraintsAndIndexes(objects: CatalogObjects, table: CatalogTable): DdlStep[] {
  const on = (o: { readonly schema: string; readonly table: string }): boolean => o.schema === table.schema && o.table === table.name;
  const parent = table.partitionOf;
  const inherited = new Set(
    parent ? objects.constraints.filter((c) => c.schema === parent.schema && c.table === parent.name).map((c) => c.name) : [],
  );
  return [
    ...objects.constraints.filter((c) => on(c) && !inherited.has(c.name)).flatMap(constraintAdded),
    ...objects.indexes.filter((i) => on(i) && i.constraint === null).flatMap((i) => indexAdded(i, objects)),
  ];
}
