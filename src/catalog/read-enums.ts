import type { CatalogQuery } from './catalog-query.js';
import type { CatalogEnum } from './catalog-snapshot.js';
import { notExtensionMember } from './catalog-scope.js';

export interface RawEnum {
  readonly schema_name: string;
  readonly type_name: string;
  readonly labels: string[];
}

// Sort order, not OID order: ALTER TYPE … ADD VALUE BEFORE gives a new label a fractional sortorder.
export const readEnums: CatalogQuery<RawEnum, CatalogEnum> = {
  key: 'enums',
  fields: {
    schema_name: true,
    type_name: true,
    labels: true,
  },
  sql: () => `
SELECT n.nspname AS schema_name, t.typname AS type_name,
  ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
FROM scope_namespace n
JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typtype = 'e'
WHERE ${notExtensionMember('pg_type', 't.oid')}`,
  toItem: (raw) => ({ schema: raw.schema_name, name: raw.type_name, labels: raw.labels }),
  sortKey: (type) => [type.schema, type.name],
};
