import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';

// Schemas the Supabase platform creates and owns in every project (auth, storage, realtime…): their
// objects are the platform's to maintain, so a health finding there is noise the project cannot fix.
const SUPABASE_PLATFORM_SCHEMAS = new Set([
  'auth',
  'storage',
  'realtime',
  '_realtime',
  'supabase_functions',
  'supabase_migrations',
  'graphql',
  'graphql_public',
  'vault',
  'pgsodium',
  'pgsodium_masks',
  'extensions',
  'net',
  'cron',
  'pgbouncer',
  '_analytics',
]);

export interface VerifyScopeOptions {
  /** Leave out the Supabase platform's schemas (the project is a Supabase project). */
  readonly supabasePlatform?: boolean;
}

/**
 * The objects verify's health checks look at: the catalog snapshot already leaves out system
 * schemas, pgpreflight's own schema and extension members; this also leaves out the migration
 * tools' history tables (`_prisma_migrations`, `supabase_migrations.*`), which belong to the tool,
 * and in a Supabase project the platform's schemas.
 */
export function verifyScope(objects: CatalogObjects, options: VerifyScopeOptions = {}): CatalogObjects {
  const schemaIn = (schema: string): boolean =>
    schema !== 'supabase_migrations' && !(options.supabasePlatform && SUPABASE_PLATFORM_SCHEMAS.has(schema));
  const tableIn = (schema: string, table: string): boolean => schemaIn(schema) && table !== '_prisma_migrations';
  return {
    ...objects,
    schemas: objects.schemas.filter(schemaIn),
    tables: objects.tables.filter((t) => tableIn(t.schema, t.name)),
    columns: objects.columns.filter((c) => tableIn(c.schema, c.table)),
    constraints: objects.constraints.filter((c) => tableIn(c.schema, c.table)),
    indexes: objects.indexes.filter((i) => tableIn(i.schema, i.table)),
    triggers: objects.triggers.filter((t) => tableIn(t.schema, t.table)),
    functions: objects.functions.filter((f) => schemaIn(f.schema)),
    views: objects.views.filter((v) => schemaIn(v.schema)),
    enums: objects.enums.filter((e) => schemaIn(e.schema)),
    sequences: objects.sequences.filter((s) => schemaIn(s.schema) && (s.ownedBy === null || tableIn(s.ownedBy.schema, s.ownedBy.table))),
    policies: objects.policies.filter((p) => tableIn(p.schema, p.table)),
  };
}
