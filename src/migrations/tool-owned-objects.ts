import type { MigrationFormatId } from './migration.js';
import { PLAIN_SQL_HISTORY_SCHEMA } from './plain-sql/plain-sql-history-sql.js';
import { PRISMA_HISTORY_TABLE } from './prisma/read-prisma-history.js';
import { SUPABASE_HISTORY_SCHEMA } from './supabase/supabase-history-sql.js';

/** What a database holds that no migration of the project creates, so schema comparisons leave it out. */
export interface ToolOwnedObjects {
  readonly excludeSchemas: readonly string[];
  readonly excludeTables: readonly { readonly schema: string; readonly name: string }[];
}

// Created and managed by the Supabase platform, not by a project's migrations (Supabase's own
// `db diff` leaves them out as well).
const SUPABASE_MANAGED_SCHEMAS = [
  '_analytics',
  '_realtime',
  '_supavisor',
  'auth',
  'cron',
  'extensions',
  'graphql',
  'graphql_public',
  'net',
  'pgbouncer',
  'pgmq',
  'pgsodium',
  'pgsodium_masks',
  'pgtle',
  'realtime',
  'storage',
  'supabase_functions',
  'vault',
];

/**
 * The migration tool's own history (Prisma's `_prisma_migrations` in the URL's `?schema=`,
 * Supabase's `supabase_migrations` schema, our `pgpreflight` schema) and, for Supabase, the schemas
 * the platform manages.
 */
export function toolOwnedObjects(format: MigrationFormatId, historySchema?: string): ToolOwnedObjects {
  switch (format) {
    case 'prisma':
      return {
        excludeSchemas: [PLAIN_SQL_HISTORY_SCHEMA],
        excludeTables: [{ schema: historySchema ?? 'public', name: PRISMA_HISTORY_TABLE }],
      };
    case 'supabase':
      return { excludeSchemas: [PLAIN_SQL_HISTORY_SCHEMA, SUPABASE_HISTORY_SCHEMA, ...SUPABASE_MANAGED_SCHEMAS], excludeTables: [] };
    case 'sql':
      return { excludeSchemas: [PLAIN_SQL_HISTORY_SCHEMA], excludeTables: [] };
  }
}
