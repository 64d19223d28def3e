import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { DetectedLayout, MigrationListing } from '../migration-format.js';
import { assertUniqueMigrations } from '../assert-unique-migrations.js';
import { symlinkWarnings } from '../symlink-warnings.js';
import { projectPath, readMigrationText } from '../migration-file.js';
import type { Migration } from '../migration.js';
import { sha256Hex } from '../sha256-hex.js';
import {
  dbmateSections,
  isFlywayFolder,
  plainSqlFileKind,
  type PlainSqlFileKind,
  plainSqlMigrationId,
  plainSqlToolVersion,
  plainSqlMigrationName,
  sortPlainSqlFiles,
} from './plain-sql-conventions.js';

/**
 * Every migration file directly in the folder, in the order its tool runs them (plain-sql-conventions.ts:
 * Flyway's by version, otherwise by file name in UTF-16 code-unit order — `10_x.sql` before `9_x.sql`,
 * so number files with leading zeros). A dbmate file is its `-- migrate:up` section; its checksum is
 * that section's, so writing the rollback section later does not make an applied migration `modified`.
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
  const names = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  const flyway = isFlywayFolder(names);
  const kinds = names.map((file) => ({ file, kind: plainSqlFileKind(file, flyway) }));
  const files = sortPlainSqlFiles(kinds.filter((k) => k.kind === 'migration').map((k) => k.file));
  const shown = (file: string) => projectPath(layout, path.join(layout.migrationsDir, file));
  const hint = 'rename or remove one of them: each migration needs its own id (and version)';
  assertUniqueMigrations(
    files.map((file) => ({ file: shown(file), key: plainSqlMigrationId(file), shown: `migration ${plainSqlMigrationId(file)}` })),
    hint,
  );
  assertUniqueMigrations(
    files.flatMap((file) => {
      const version = plainSqlToolVersion(file);
      return version ? [{ file: shown(file), key: version.key, shown: version.shown }] : [];
    }),
    hint,
  );
  const skipped: Partial<Record<PlainSqlFileKind, string>> = {
    repeatable: 'a Flyway repeatable migration — pgpreflight neither runs nor checks it (Flyway re-applies it after the versioned ones)',
    callback: 'a Flyway callback — pgpreflight neither runs nor checks it (Flyway runs it around its own migrate)',
  };
  const warnings = kinds.flatMap((k) =>
    skipped[k.kind] ? [`${projectPath(layout, path.join(layout.migrationsDir, k.file))}: ${skipped[k.kind]}`] : [],
  );
  warnings.push(
    ...(await symlinkWarnings(
      layout.migrationsDir,
      entries,
      (name) => plainSqlFileKind(name, flyway) === 'migration',
      (file) => projectPath(layout, file),
    )),
  );

  const migrations = await Promise.all(
    files.map(async (file) => {
      const absolutePath = path.join(layout.migrationsDir, file);
      const id = plainSqlMigrationId(file);
      const { bytes, sql } = await readMigrationText(layout, absolutePath);
      const dbmate = dbmateSections(sql);
      return {
        id,
        historyKey: id,
        name: plainSqlMigrationName(id),
        path: projectPath(layout, absolutePath),
        absolutePath,
        checksum: sha256Hex(dbmate ? Buffer.from(dbmate.up) : bytes),
        sql: dbmate ? dbmate.up : sql,
        ...(dbmate ? { downSection: dbmate.down } : {}),
      } satisfies Migration;
    }),
  );
  return { migrations, warnings };
}
