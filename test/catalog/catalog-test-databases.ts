import type { CatalogObjects } from '../../src/catalog/catalog-snapshot.js';

export { openServerDatabase, type OpenDatabase } from '../support/both-databases.js';
import { openShadowDatabase as openPglite, type OpenDatabase } from '../support/both-databases.js';

/** An in-memory PGlite with the extensions the fixtures and the corpus create. */
export function openShadowDatabase(): Promise<OpenDatabase> {
  return openPglite(['citext', 'pgcrypto', 'pg_trgm']);
}

/**
 * The schema part, minus extension versions: each server ships its own (PostgreSQL 15 has citext
 * 1.6 and pgcrypto 1.3, PGlite 0.5 has 1.8 and 1.4), a real difference the snapshot reports.
 */
export function withoutExtensionVersions(objects: CatalogObjects): CatalogObjects {
  return { ...objects, extensions: objects.extensions.map(({ name, schema }) => ({ name, schema, version: '' })) };
}
