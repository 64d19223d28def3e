import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { DetectedLayout } from './migration-format.js';

/** A migration file's bytes; an unreadable file is one clear error naming it. */
export async function readMigrationBytes(
  layout: DetectedLayout,
  file: string,
  hint = 'check that the file exists and is readable',
): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PgPreflightError(
      'MIGRATION_READ_FAILED',
      `${projectPath(layout, file)}: ${code === 'ENOENT' ? 'missing' : `cannot be read (${code})`}`,
      { hint, cause: error },
    );
  }
}

/** The path people see and JSON carries: relative to the project root, with forward slashes. */
export function projectPath(layout: DetectedLayout, file: string): string {
  return path.relative(layout.projectRoot, file).split(path.sep).join('/');
}
