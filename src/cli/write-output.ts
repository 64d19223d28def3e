import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PgPreflightError } from '../core/pgpreflight-error.js';

/**
 * Writes a report atomically: a reader (or a Ctrl-C) never sees half a file. Mode 0600 because
 * reports can hold sample rows from production.
 */
export function writeOutputFile(file: string, content: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, content, { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PgPreflightError('USAGE', `--output ${file}: cannot write (${code})`, {
      hint: 'check that the folder exists and is writable',
      cause: error,
    });
  }
}
