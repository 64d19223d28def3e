import type { CatalogQuery } from './catalog-query.js';
import type { CatalogExtension } from './catalog-snapshot.js';

export interface RawExtension {
  readonly extension_name: string;
  readonly version: string;
  readonly schema_name: string;
}

// Extensions belong to the database, not to a schema: the schema filter does not apply to them.
export const readExtensions: CatalogQuery<RawExtension, CatalogExtension> = {
  key: 'extensions',
  fields: {
    extension_name: true,
    version: true,
    schema_name: true,
  },
  sql: () => `
SELECT e.extname AS extension_name, e.extversion AS version, n.nspname AS schema_name
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace`,
  toItem: (raw) => ({ name: raw.extension_name, version: raw.version, schema: raw.schema_name }),
  sortKey: (extension) => [extension.name],
};
