import type { CatalogColumn } from '../../catalog/catalog-snapshot.js';
import type { TableRef } from './lint-file.js';

/** Looks a column's type up in a catalog (the target's, or the shadow's before the pending batch). */
export function columnTypeIn(columns: readonly CatalogColumn[]): (table: TableRef, column: string) => string | undefined {
  const types = new Map(columns.map((c) => [`${c.schema}.${c.table}.${c.name}`, c.type]));
  return (table, column) => types.get(`${table.schema ?? 'public'}.${table.name}.${column}`);
}
