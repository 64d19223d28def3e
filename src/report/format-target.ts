import path from 'node:path';
import type { TargetInfo } from '../db/describe-target.js';
import { formatTarget } from '../db/describe-target.js';

/**
 * "production · deploy@db.example.com:5432/app" — never a password (TargetInfo has none). An
 * embedded target's folder is shown relative to `cwd` when it lies below it.
 */
export function targetLine(target: TargetInfo, cwd?: string): string {
  const shown =
    target.kind === 'pglite' && cwd && !path.relative(cwd, target.database).startsWith('..')
      ? `pglite:${path.relative(cwd, target.database)}`
      : formatTarget(target);
  return target.environment ? `${target.environment} · ${shown}` : shown;
}
