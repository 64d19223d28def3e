import path from 'node:path';

/** A folder as a person in `cwd` names it: relative when below it ('.' for itself), absolute otherwise. */
export function relativePath(cwd: string, dir: string): string {
  const rel = path.relative(cwd, dir);
  return rel === '' ? '.' : rel.startsWith('..') ? dir : rel;
}
