import type { CatalogObjects, CatalogTable } from '../catalog-snapshot.js';
import { columnDefinition } from './column-ddl.js';
import { tableConstraintsAndIndexes } from './constraint-ddl.js';
import { ident, qualified } from './ddl-names.js';
import { DdlPhase, note, NOT_RECOVERABLE, step, type DdlContext, type DdlStep } from './ddl-step.js';
import { policyAdded, rowLevelSecurity } from './policy-ddl.js';
import { createSequence, ownedBy, ownedSequences } from './sequence-ddl.js';
import { triggerAdded } from './trigger-ddl.js';

/**
 * A table and everything on it, from the catalog that has it: the sequences its SERIAL columns own,
 * the columns, constraints and indexes, triggers, row-level security and policies. A partition is
 * created PARTITION OF its parent, whose columns and constraints it inherits.
 */
export function tableAdded(table: CatalogTable, objects: CatalogObjects, context: Pick<DdlContext, 'restoring'>): DdlStep[] {
  const on = (o: { readonly schema: string; readonly table: string }): boolean => o.schema === table.schema && o.table === table.name;
  const name = qualified(table);
  if (table.kind === 'foreign') {
    return [
      note(
        DdlPhase.createTable,
        `foreign table ${table.schema}.${table.name}: its server and options are not in the catalog snapshot; create it as the migration did`,
      ),
    ];
  }
  const steps: DdlStep[] = [];
  const sequences = ownedSequences(objects, table);
  steps.push(...sequences.map(createSequence));
  const options = table.options.length ? ` WITH (${table.options.join(', ')})` : '';
  if (table.partitionOf && table.partitionBound) {
    steps.push(
      step(DdlPhase.createTable, `CREATE TABLE ${name} PARTITION OF ${qualified(table.partitionOf)} ${table.partitionBound}${options};`),
    );
  } else {
    const columns = objects.columns.filter(on).map((c) => `  ${columnDefinition(c, objects)}`);
    const partition = table.partitionKey ? ` PARTITION BY ${table.partitionKey}` : '';
    steps.push(
      step(
        DdlPhase.createTable,
        `CREATE ${table.unlogged ? 'UNLOGGED ' : ''}TABLE ${name} (\n${columns.join(',\n')}\n)${partition}${options};`,
      ),
    );
  }
  if (context.restoring) {
    steps.push(
      note(
        DdlPhase.createTable,
        `${NOT_RECOVERABLE}: the rows of ${table.schema}.${table.name} were dropped with the table.\nRestore them from the backup taken before the migration, here.`,
      ),
    );
  }
  steps.push(...sequences.flatMap(ownedBy));
  steps.push(...tableConstraintsAndIndexes(objects, table));
  // A row trigger of the parent is cloned onto each partition under its own name.
  const parent = table.partitionOf;
  const cloned = (name: string): boolean =>
    parent !== null && objects.triggers.some((t) => t.schema === parent.schema && t.table === parent.name && t.name === name);
  steps.push(...objects.triggers.filter((t) => on(t) && !cloned(t.name)).flatMap(triggerAdded));
  if (table.rlsEnabled || table.rlsForced) steps.push(...rowLevelSecurity(table));
  steps.push(...objects.policies.filter(on).flatMap(policyAdded));
  return steps;
}

export function tableDropped(table: CatalogTable, order?: number): DdlStep[] {
  return [step(DdlPhase.dropTable, `DROP ${table.kind === 'foreign' ? 'FOREIGN TABLE' : 'TABLE'} ${qualified(table)};`, order)];
}

export function tableRenamed(before: CatalogTable, after: CatalogTable): DdlStep[] {
  return [step(DdlPhase.rename, `ALTER TABLE ${qualified(before)} RENAME TO ${ident(after.name)};`)];
}

/**
 * Dropped tables in an order PostgreSQL accepts: one that references another (a foreign key) goes
 * first, and a partition before its parent (which would take it along). Lower order first; a
 * cycle keeps the remaining tables at one level.
 */
export function dropOrder(dropped: readonly CatalogTable[], objects: CatalogObjects): Map<string, number> {
  const key = (schema: string, name: string): string => `${schema}\u0000${name}`;
  const remaining = new Set(dropped.map((t) => key(t.schema, t.name)));
  const references = new Map<string, Set<string>>();
  for (const fk of objects.constraints) {
    if (!fk.foreignKey) continue;
    const from = key(fk.schema, fk.table);
    const to = key(fk.foreignKey.referencedTable.schema, fk.foreignKey.referencedTable.name);
    if (from !== to && remaining.has(from) && remaining.has(to)) {
      if (!references.has(to)) references.set(to, new Set());
      references.get(to)!.add(from);
    }
  }
  for (const table of dropped) {
    if (!table.partitionOf) continue;
    const parent = key(table.partitionOf.schema, table.partitionOf.name);
    if (!remaining.has(parent)) continue;
    if (!references.has(parent)) references.set(parent, new Set());
    references.get(parent)!.add(key(table.schema, table.name));
  }
  const order = new Map<string, number>();
  for (let level = 0; remaining.size; level++) {
    // Tables no remaining table references can go now.
    const free = [...remaining].filter((t) => ![...(references.get(t) ?? [])].some((r) => remaining.has(r)));
    const batch = free.length ? free : [...remaining];
    for (const t of batch) {
      order.set(t, level);
      remaining.delete(t);
    }
  }
  return order;
}
