import type { CatalogQuery } from './catalog-query.js';

export interface RawSchema {
  readonly name: string;
}

/** The user schemas in scope, so an empty schema (created, nothing in it yet) is visible too. */
export const readSchemas: CatalogQuery<RawSchema, string> = {
  key: 'schemas',
  fields: {
    name: true,
  },
  sql: () => `SELECT n.nspname AS name FROM scope_namespace n`,
  toItem: (raw) => raw.name,
  sortKey: (name) => [name],
};
