import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { DetectedLayout } from '../migration-format.js';
import type { Migration } from '../migration.js';
import { prismaChecksum } from './prisma-checksum.js';

/**
 * Lists migrations as Prisma's CLI does (packages/migrate listMigrations.ts): every sub-folder is a
 * migration, sorted with `localeCompare` — not byte order, so `01_init` style names sort as Prisma
 * sorts them — and read as UTF-8.
 */
export async function listPrismaMigrations(layout: DetectedLayout): Promise<readonly Migration[]> {
  const entries = await readdir(layout.migrationsDir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  return Promise.all(
    folders.map(async (folder) => {
      const absolutePath = path.join(layout.migrationsDir, folder, 'migration.sql');
      let sql: string;
      try {
        sql = await readFile(absolutePath, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new PgPreflightError(
          'MIGRATION_READ_FAILED',
          `${relative(layout, absolutePath)}: ${code === 'ENOENT' ? 'missing' : `cannot be read (${code})`}`,
          { hint: 'every folder in a Prisma migrations directory needs a migration.sql; remove or complete the folder', cause: error },
        );
      }
      return {
        id: folder,
        historyKey: folder,
        name: folder.replace(/^\d+_/, ''),
        path: relative(layout, absolutePath),
        absolutePath,
        checksum: prismaChecksum(sql),
        sql,
      } satisfies Migration;
    }),
  );
}

function relative(layout: DetectedLayout, file: string): string {
  return path.relative(layout.projectRoot, file).split(path.sep).join('/');
}
