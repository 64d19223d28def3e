import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `file` through a temporary file renamed over it: a reader (or a Ctrl-C) never sees half a
 * file. `mode` defaults to the replaced file's own, else 0644 less the umask.
 */
export function writeFileAtomically(file: string, content: string, mode?: number): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  let keep: number | undefined = mode;
  if (keep === undefined) {
    try {
      keep = statSync(file).mode & 0o777;
    } catch {
      keep = undefined;
    }
  }
  try {
    writeFileSync(temp, content, keep !== undefined ? { mode: keep } : {});
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
