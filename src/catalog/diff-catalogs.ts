import type { CatalogObjects } from './catalog-snapshot.js';
import { diffColumns } from './diff/diff-columns.js';
import { diffConstraints, diffIndexes } from './diff/diff-constraints.js';
import { diffEnums } from './diff/diff-enums.js';
import { diffObjects } from './diff/diff-objects.js';
import { diffTables } from './diff/diff-tables.js';
import type { Effect } from './effect.js';

/**
 * What changed between two catalogs of the same database, object by object (SPEC "catalog diff").
 * Objects on a new table are part of "adds table"; objects on a dropped table part of "drops
 * table"; a renamed table carries its columns, constraints and indexes along. Deterministic order:
 * schemas and extensions, types, tables, columns, constraints, indexes, then routines and the rest.
 */
export function diffCatalogs(before: CatalogObjects, after: CatalogObjects): Effect[] {
  const tables = diffTables(before, after);
  const objects = diffObjects(before, after, tables);
  const first = objects.filter((e) => e.kind.startsWith('schema-') || e.kind.startsWith('extension-'));
  const rest = objects.filter((e) => !first.includes(e));
  return [
    ...first,
    ...diffEnums(before.enums, after.enums, after.columns),
    ...tables.effects,
    ...diffColumns(before.columns, after.columns, tables),
    ...diffConstraints(before.constraints, after.constraints, tables),
    ...diffIndexes(before.indexes, after.indexes, tables),
    ...rest,
  ];
}
