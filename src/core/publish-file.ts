import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Gives a finished temporary file its final name without ever replacing a file: `name.ext`, else
 * `name-2.ext`, `name-3.ext`… Returns the path used. A hard link fails when the name exists, so
 * two processes finishing at the same moment cannot overwrite each other's file; on a file system
 * without hard links the name is checked, then the file renamed.
 */
export function publishWithoutOverwrite(temp: string, wanted: string): string {
  const ext = path.extname(wanted);
  const stem = ext ? wanted.slice(0, -ext.length) : wanted;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? wanted : `${stem}-${n}${ext}`;
    try {
      linkSync(temp, candidate);
      rmSync(temp, { force: true });
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') && !existsSync(candidate)) {
        renameSync(temp, candidate);
        return candidate;
      }
      throw error;
    }
  }
}
