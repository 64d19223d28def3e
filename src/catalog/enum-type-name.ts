import type { CatalogEnum } from './catalog-snapshot.js';

/**
 * An enum's name as `CatalogColumn.type` spells it (format_type under search_path = pg_catalog):
 * schema-qualified, each part quoted unless it is a plain lower-case identifier. Compares a column's
 * type with an enum without a second catalog query.
 */
export function enumTypeName(e: Pick<CatalogEnum, 'schema' | 'name'>): string {
  const part = (s: string): string => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`);
  return `${part(e.schema)}.${part(e.name)}`;
}
