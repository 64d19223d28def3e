import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { DetectedLayout, MigrationListing } from '../migration-format.js';
import { assertUniqueMigrations } from '../assert-unique-migrations.js';
import { projectPath, readMigrationText } from '../migration-file.js';
import type { Migration } from '../migration.js';
import { sha256Hex } from '../sha256-hex.js';

// migrateFilePattern in pkg/migration/file.go. Go's `.` excludes only \n, JavaScript's also \r and
// U+2028/9, hence the explicit class.
const MIGRATION_FILE = /^([0-9]+)_([^\n]*)\.sql$/;
// initSchemaPattern in pkg/migration/list.go; deliberately unanchored, as there.
const INIT_SCHEMA = /([0-9]{14})_init\.sql/;

/**
 * Lists migrations as the Supabase CLI does (pkg/migration/list.go ListLocalMigrations): the
 * folder's entries sorted by name in byte order (Go's fs.ReadDir), folders ignored, files not named
 * `<digits>_<name>.sql` skipped with a warning, and a pre-2021-12-09 `<timestamp>_init.sql` skipped
 * when it is the very first entry. Version is the leading digits, name the rest without `.sql`.
 * The warnings are the CLI's "Skipping migration …" messages, and versions it cannot record twice.
 */
export async function listSupabaseMigrations(layout: DetectedLayout): Promise<MigrationListing> {
  const entries = await readEntries(layout.migrationsDir);
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));

  const warnings: string[] = [];
  const files: { file: string; version: string; name: string }[] = [];
  entries.forEach((entry, index) => {
    if (entry.isDirectory()) return;
    // Only the first entry of the folder, directories included, as in the CLI's loop.
    if (index === 0 && isLegacyInitSchema(entry.name)) {
      warnings.push(`Skipping migration ${entry.name}... (replace "init" with a different file name to apply this migration)`);
      return;
    }
    const match = MIGRATION_FILE.exec(entry.name);
    if (!match) {
      warnings.push(`Skipping migration ${entry.name}... (file name must match pattern "<timestamp>_name.sql")`);
      return;
    }
    files.push({ file: entry.name, version: match[1]!, name: match[2]! });
  });
  assertUniqueMigrations(
    files.map(({ file, version }) => ({
      file: projectPath(layout, path.join(layout.migrationsDir, file)),
      key: version,
      shown: `version ${version}`,
    })),
    'the Supabase CLI records a version once, so it cannot apply them all; rename one',
  );

  const migrations = await Promise.all(
    files.map(async ({ file, version, name }) => {
      const absolutePath = path.join(layout.migrationsDir, file);
      const { bytes, sql } = await readMigrationText(layout, absolutePath);
      return {
        id: file.slice(0, -'.sql'.length),
        historyKey: version,
        name,
        path: projectPath(layout, absolutePath),
        absolutePath,
        checksum: sha256Hex(bytes),
        // The text keeps a byte order mark, as Go does; the statement split must see it.
        sql,
      } satisfies Migration;
    }),
  );
  return { migrations, warnings };
}

function isLegacyInitSchema(file: string): boolean {
  const match = INIT_SCHEMA.exec(file);
  // strconv.ParseUint on 14 digits always succeeds.
  return match !== null && Number(match[1]) < 20211209000000;
}

async function readEntries(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    // ListLocalMigrations treats a missing folder as an empty one.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new PgPreflightError('MIGRATION_READ_FAILED', `${dir}: cannot be read (${(error as NodeJS.ErrnoException).code})`, {
      hint: 'check the permissions of the supabase/migrations folder',
      cause: error,
    });
  }
}
