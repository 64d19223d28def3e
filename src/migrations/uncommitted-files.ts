import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type CommitState =
  | { readonly kind: 'committed' }
  | { readonly kind: 'uncommitted'; readonly files: readonly string[] }
  | { readonly kind: 'not-a-repository'; readonly reason: string };

/**
 * Whether these files are in git exactly as they are on disk: tracked, and neither modified nor
 * staged-but-uncommitted (`git status --porcelain`). Production gets only what review saw.
 */
export async function commitState(projectRoot: string, files: readonly string[]): Promise<CommitState> {
  if (files.length === 0) return { kind: 'committed' };
  let top: string;
  try {
    top = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: projectRoot })).stdout.trim();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed' : 'not inside a git repository';
    return { kind: 'not-a-repository', reason };
  }
  const absolute = files.map((file) => path.resolve(projectRoot, file));
  const { stdout } = await run(
    'git',
    ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching', '--', ...absolute],
    {
      cwd: top,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const dirty = stdout
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) =>
      path
        .relative(projectRoot, path.resolve(top, entry.slice(3)))
        .split(path.sep)
        .join('/'),
    );
  return dirty.length ? { kind: 'uncommitted', files: dirty } : { kind: 'committed' };
}
