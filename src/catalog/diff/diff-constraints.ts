import type { CatalogConstraint, CatalogIndex } from '../catalog-snapshot.js';
import type { Effect } from '../effect.js';
import type { TableDiff } from './diff-tables.js';
import { keyedDiff, tableKey } from './keyed-diff.js';

/**
 * Constraints on tables that exist on both sides. Same name, other definition: replaced. A CHECK
 * dropped and another added on the same columns: replaced too (the usual "drop the old list, add the
 * new list" under a new name). NOT VALID → valid: validated.
 */
export function diffConstraints(before: readonly CatalogConstraint[], after: readonly CatalogConstraint[], tables: TableDiff): Effect[] {
  const moved = before.filter((c) => !tables.droppedTables.has(tableKey(c.schema, c.table))).map((c) => tables.renames.move(c));
  const current = after.filter((c) => !tables.addedTables.has(tableKey(c.schema, c.table)));
  const diff = keyedDiff(moved, current, (c) => `${tableKey(c.schema, c.table)}\u0000${c.name}`);
  const effects: Effect[] = [];
  const added = [...diff.added];
  for (const old of diff.removed) {
    const index =
      old.type === 'check' && old.columns.length > 0
        ? added.findIndex((c) => c.type === 'check' && c.schema === old.schema && c.table === old.table && sameColumns(c, old))
        : -1;
    if (index >= 0) effects.push({ kind: 'constraint-replaced', before: old, after: added.splice(index, 1)[0]! });
    else effects.push({ kind: 'constraint-dropped', constraint: old });
  }
  for (const constraint of added) effects.push({ kind: 'constraint-added', constraint });
  for (const { before: b, after: a } of diff.kept) {
    if (stripNotValid(b.definition) !== stripNotValid(a.definition) || b.type !== a.type) {
      effects.push({ kind: 'constraint-replaced', before: b, after: a });
    } else if (!b.validated && a.validated) {
      effects.push({ kind: 'constraint-validated', constraint: a });
    }
  }
  return effects;
}

/**
 * Indexes on tables that exist on both sides. Indexes that belong to a constraint (primary key,
 * UNIQUE, exclusion) are left to the constraint's effect.
 */
export function diffIndexes(before: readonly CatalogIndex[], after: readonly CatalogIndex[], tables: TableDiff): Effect[] {
  const own = (index: CatalogIndex): boolean => index.constraint === null;
  const moved = before.filter((i) => own(i) && !tables.droppedTables.has(tableKey(i.schema, i.table))).map((i) => tables.renames.move(i));
  const current = after.filter((i) => own(i) && !tables.addedTables.has(tableKey(i.schema, i.table)));
  const diff = keyedDiff(moved, current, (i) => tableKey(i.schema, i.name));
  const effects: Effect[] = [];
  for (const index of diff.removed) effects.push({ kind: 'index-dropped', index });
  for (const index of diff.added) effects.push({ kind: 'index-added', index });
  for (const { before: b, after: a } of diff.kept) {
    // The definition names the table; compare it under the table's current name.
    if (b.definition.replace(` ON ${quoted(b)} `, ' ON ') !== a.definition.replace(` ON ${quoted(a)} `, ' ON ') || b.valid !== a.valid) {
      effects.push({ kind: 'index-replaced', before: b, after: a });
    }
  }
  return effects;
}

function sameColumns(a: CatalogConstraint, b: CatalogConstraint): boolean {
  return [...a.columns].sort().join('\u0000') === [...b.columns].sort().join('\u0000');
}

function stripNotValid(definition: string): string {
  return definition.replace(/\s+NOT VALID$/, '');
}

function quoted(index: CatalogIndex): string {
  const ident = (name: string): string => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
  return `${ident(index.schema)}.${ident(index.table)}`;
}
