import type { Dirent } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Symbolic links among the migrations that are not read as migrations, each named in a warning
 * with the reason: a loop or a missing target cannot be followed, and a link the tool itself skips
 * (Prisma and the plain SQL lister read real files and folders only) would otherwise vanish
 * without a word. `relevant` picks the links that would be migrations by their name.
 */
export async function symlinkWarnings(
  dir: string,
  entries: readonly Dirent[],
  relevant: (name: string) => boolean,
  shown: (file: string) => string,
): Promise<string[]> {
  const links = entries.filter((entry) => entry.isSymbolicLink() && relevant(entry.name));
  return Promise.all(
    links.map(async (entry) => {
      const file = path.join(dir, entry.name);
      const reason = await stat(file).then(
        (info) =>
          `a symbolic link to a ${info.isDirectory() ? 'folder' : 'file'}, which is not read as a migration; replace it with the real ${info.isDirectory() ? 'folder' : 'file'}`,
        (error: NodeJS.ErrnoException) =>
          error.code === 'ELOOP'
            ? 'a symbolic link in a loop, skipped'
            : `a symbolic link that cannot be followed (${error.code}), skipped`,
      );
      return `${shown(file)}: ${reason}`;
    }),
  );
}
