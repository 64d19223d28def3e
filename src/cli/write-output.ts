import { PgPreflightError } from '../core/pgpreflight-error.js';
import { writeFileAtomically } from '../core/write-file-atomically.js';

/**
 * Writes a report atomically: a reader (or a Ctrl-C) never sees half a file. Mode 0600 because
 * reports can hold sample rows from production.
 */
export function writeOutputFile(file: string, content: string): void {
  try {
    writeFileAtomically(file, content, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PgPreflightError('USAGE', `--output ${file}: cannot write (${code})`, {
      hint: 'check that the folder exists and is writable',
      cause: error,
    });
  }
}
