import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DetectedLayout, MigrationListing } from '../migration-format.js';
import { symlinkWarnings } from '../symlink-warnings.js';
import { projectPath, readMigrationText } from '../migration-file.js';
import type { Migration } from '../migration.js';
import { prismaChecksum } from './prisma-checksum.js';

/**
 * Lists migrations as Prisma's CLI does (packages/migrate listMigrations.ts): every sub-folder is a
 * migration, sorted with `localeCompare` — not byte order, so `01_init` style names sort as Prisma
 * sorts them — and read as UTF-8.
 */
export async function listPrismaMigrations(layout: DetectedLayout): Promise<MigrationListing> {
  const entries = await readdir(layout.migrationsDir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const migrations = await Promise.all(
    folders.map(async (folder) => {
      const absolutePath = path.join(layout.migrationsDir, folder, 'migration.sql');
      const { bytes, sql } = await readMigrationText(
        layout,
        absolutePath,
        'every folder in a Prisma migrations directory needs a migration.sql; remove or complete the folder',
      );
      return {
        id: folder,
        historyKey: folder,
        name: folder.replace(/^\d+_/, ''),
        path: projectPath(layout, absolutePath),
        absolutePath,
        // Prisma's checksum is sha256 of the file's bytes.
        checksum: prismaChecksum(bytes),
        sql,
      } satisfies Migration;
    }),
  );
  return {
    migrations,
    warnings: await symlinkWarnings(
      layout.migrationsDir,
      entries,
      () => true,
      (file) => projectPath(layout, file),
    ),
  };
}
