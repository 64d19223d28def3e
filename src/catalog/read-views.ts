import type { CatalogQuery } from './catalog-query.js';
import type { CatalogView } from './catalog-snapshot.js';
import { normalizeViewDefinition } from './version-differences.js';

export interface RawView {
  readonly schema_name: string;
  readonly view_name: string;
  readonly relkind: string;
  readonly definition: string;
}

// pg_get_viewdef(view) indents but does not wrap; up to 15 it qualifies columns that 16+ does not
// (version-differences.ts).
export const readViews: CatalogQuery<RawView, CatalogView> = {
  key: 'views',
  fields: {
    schema_name: true,
    view_name: true,
    relkind: true,
    definition: true,
  },
  sql: () => `
SELECT r.nspname AS schema_name, r.relname AS view_name, r.relkind::text AS relkind,
  pg_catalog.pg_get_viewdef(r.oid) AS definition
FROM scope_relation r
WHERE r.relkind IN ('v', 'm')`,
  toItem: (raw, { serverVersionNum }) => ({
    schema: raw.schema_name,
    name: raw.view_name,
    kind: raw.relkind === 'm' ? 'matview' : 'view',
    definition: normalizeViewDefinition(raw.definition, serverVersionNum),
  }),
  sortKey: (view) => [view.schema, view.name],
};
