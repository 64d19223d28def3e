import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Copies a data directory, every file at once. fs.cp walks one entry at a time and takes ~300 ms
 * for an empty PGlite cluster (~1,000 files, 40 MB); issuing all copies together lets libuv's
 * thread pool overlap them (~40 ms). FICLONE makes it a reflink where the file system can.
 */
export async function copyDataDir(source: string, target: string): Promise<void> {
  await mkdir(target);
  const entries = await readdir(source, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const from = path.join(source, entry.name);
      const to = path.join(target, entry.name);
      if (entry.isDirectory()) await copyDataDir(from, to);
      else if (entry.isSymbolicLink()) await symlink(await readlink(from), to);
      else await copyFile(from, to, constants.COPYFILE_FICLONE);
    }),
  );
}
