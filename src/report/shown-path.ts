import path from 'node:path';
import type { Colors } from './colors.js';

/** Options of the renderers that show files (backup, restore, incident). */
export interface PathTextOptions {
  readonly colors: Colors;
  /** Paths are shown relative to this folder. */
  readonly cwd: string;
}

/** The path a person can paste: relative to where they are when it lies below it. */
export function shownPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
