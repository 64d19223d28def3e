import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { DetectedLayout, MigrationListing } from '../migration-format.js';
import { projectPath, readMigrationBytes } from '../migration-file.js';
import type { Migration } from '../migration.js';
import { sha256Hex } from '../sha256-hex.js';

/** `*.sql`, except `*.down.sql`: those undo a migration and are run only by a rollback. */
export function isPlainSqlMigrationFile(file: string): boolean {
  return file.endsWith('.sql') && !file.endsWith('.down.sql') && file.length > '.sql'.length;
}

/**
 * Every migration file directly in the folder, ordered by file name in UTF-16 code-unit order
 * (plain `<` on strings: `10_x.sql` before `9_x.sql`, upper case before lower case), never by
 * locale, so the order is the same on every machine. Number files with leading zeros.
 */
export async function listPlainSqlMigrations(layout: DetectedLayout): Promise<MigrationListing> {
  let entries;
  try {
    entries = await readdir(layout.migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new PgPreflightError(
      'MIGRATION_READ_FAILED',
      `${layout.migrationsDir}: cannot be read (${(error as NodeJS.ErrnoException).code})`,
      {
        hint: 'check that the migrations folder exists and is readable',
        cause: error,
      },
    );
  }
  const files = entries
    .filter((entry) => entry.isFile() && isPlainSqlMigrationFile(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const migrations = await Promise.all(
    files.map(async (file) => {
      const absolutePath = path.join(layout.migrationsDir, file);
      const id = file.slice(0, -'.sql'.length);
      const bytes = await readMigrationBytes(layout, absolutePath);
      return {
        id,
        historyKey: id,
        name: nameOf(id),
        path: projectPath(layout, absolutePath),
        absolutePath,
        checksum: sha256Hex(bytes),
        sql: bytes.toString('utf8'),
      } satisfies Migration;
    }),
  );
  return { migrations, warnings: [] };
}

/** `0003_add_users` → `add_users`; an id that is only a number stays as it is. */
function nameOf(id: string): string {
  const name = id.replace(/^\d+[_-]+/, '');
  return name.length > 0 ? name : id;
}
