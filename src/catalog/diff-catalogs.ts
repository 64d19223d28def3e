import type { CatalogObjects } from './catalog-snapshot.js';
import { diffColumns, type ColumnRename } from './diff/diff-columns.js';
import { diffConstraints, diffIndexes } from './diff/diff-constraints.js';
import { diffDomains } from './diff/diff-domains.js';
import { diffEnums } from './diff/diff-enums.js';
import { diffObjects } from './diff/diff-objects.js';
import { diffTables } from './diff/diff-tables.js';
import type { Effect } from './effect.js';

/**
 * What changed between two catalogs of the same database, object by object (SPEC "catalog diff").
 * Objects on a new table are part of "adds table"; objects on a dropped table part of "drops
 * table"; a renamed table carries its columns, constraints and indexes along. Deterministic order:
 * schemas and extensions, types, tables, columns, constraints, indexes, then routines and the rest.
 * `hints` carry what the caller knows from the statements; without them a rename is inferred.
 */
export interface DiffHints {
  /** Renames the migration states (RENAME COLUMN): taken as they are rather than guessed from positions. */
  readonly columnRenames?: readonly ColumnRename[];
}

export function diffCatalogs(before: CatalogObjects, after: CatalogObjects, hints: DiffHints = {}): Effect[] {
  const tables = diffTables(before, after);
  const objects = diffObjects(before, after, tables);
  const first = objects.filter((e) => e.kind.startsWith('schema-') || e.kind.startsWith('extension-'));
  const rest = objects.filter((e) => !first.includes(e));
  return [
    ...first,
    ...diffEnums(before.enums, after.enums, after.columns),
    ...diffDomains(before, after),
    ...tables.effects,
    // A view's columns follow its definition: a changed view is "replaces view", not column by column.
    ...diffColumns(storedColumns(before), storedColumns(after), tables, hints.columnRenames),
    ...diffConstraints(before.constraints, after.constraints, tables),
    ...diffIndexes(before.indexes, after.indexes, tables),
    ...rest,
  ];
}

function storedColumns(objects: CatalogObjects): CatalogObjects['columns'] {
  const views = new Set(objects.tables.filter((t) => t.kind === 'view' || t.kind === 'matview').map((t) => `${t.schema}.${t.name}`));
  return objects.columns.filter((c) => !views.has(`${c.schema}.${c.table}`));
}
