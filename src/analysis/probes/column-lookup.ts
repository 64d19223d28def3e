import type { CatalogColumn, CatalogObjects, QualifiedName } from '../../catalog/catalog-snapshot.js';

/**
 * What probe planning asks of the target and of the shadow after the migration: which tables and
 * columns the target has, and which columns a pending migration adds to a table it has.
 */
export function columnLookup(target: CatalogObjects, after: CatalogObjects) {
  const tableOnTarget = (t: QualifiedName): boolean => target.tables.some((x) => x.schema === t.schema && x.name === t.name);
  const columnOnTarget = (t: QualifiedName, name: string): CatalogColumn | undefined =>
    target.columns.find((c) => c.schema === t.schema && c.table === t.name && c.name === name);
  /** A column a pending migration adds to a table the target has: probes on it run over the modelled rows. */
  const columnAdded = (t: QualifiedName, name: string): boolean =>
    tableOnTarget(t) &&
    !columnOnTarget(t, name) &&
    after.columns.some((c) => c.schema === t.schema && c.table === t.name && c.name === name);
  const addedOf = (t: QualifiedName, names: readonly string[]): { added?: string[] } => {
    const added = names.filter((n) => columnAdded(t, n));
    return added.length ? { added } : {};
  };
  const targetColumns = (t: QualifiedName): string[] =>
    target.columns.filter((c) => c.schema === t.schema && c.table === t.name).map((c) => c.name);
  return { tableOnTarget, columnOnTarget, columnAdded, addedOf, targetColumns };
}
