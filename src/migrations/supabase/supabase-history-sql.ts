// The Supabase CLI's history statements, verbatim (apps/cli-go/pkg/migration/history.go), so that a
// deploy writes rows `supabase migration list` / `db push` agree with.
//
// The CLI creates only version, statements and name. Tables on the hosted platform may also have
// created_by, idempotency_key and rollback, added by the Management API's migration endpoints (see
// V1GetMigrationResponse in its OpenAPI document); the CLI neither creates nor writes them, so a
// deploy must not either — their exact types are not published.

export const SUPABASE_HISTORY_SCHEMA = 'supabase_migrations';
export const SUPABASE_HISTORY_TABLE = 'schema_migrations';

/**
 * CreateMigrationTable: run as one batch, without prepared statements (each depends on the
 * previous one). Older CLI versions created the table with `version` only, which is why the columns
 * are added separately. The SET is not LOCAL, so the 4s lock timeout stays on the session after the
 * batch; the CLI runs `RESET ALL` before each migration, and a deploy should too.
 */
export const SUPABASE_CREATE_HISTORY_STATEMENTS: readonly string[] = [
  "SET lock_timeout = '4s'",
  'CREATE SCHEMA IF NOT EXISTS supabase_migrations',
  'CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)',
  'ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]',
  'ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text',
];

/** The same, as one script for `DatabaseClient.exec` (a simple-protocol batch, like the CLI's). */
export const SUPABASE_CREATE_HISTORY_DDL = `${SUPABASE_CREATE_HISTORY_STATEMENTS.join(';\n')};`;

/**
 * INSERT_MIGRATION_VERSION, queued after the migration's statements in the same batch (an implicit
 * transaction): $1 version, $2 name (the file name after `<version>_`, without .sql), $3 text[] of
 * the file split by `splitSupabaseStatements`.
 */
export const SUPABASE_INSERT_HISTORY = 'INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES($1, $2, $3)';

/** UPSERT_MIGRATION_VERSION, what `supabase migration repair --status applied` writes. */
export const SUPABASE_UPSERT_HISTORY = `${SUPABASE_INSERT_HISTORY} ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, statements = EXCLUDED.statements`;

/** DELETE_MIGRATION_VERSION, `supabase migration repair --status reverted`: $1 text[] of versions. */
export const SUPABASE_DELETE_HISTORY = 'DELETE FROM supabase_migrations.schema_migrations WHERE version = ANY($1)';
