import type { TargetInfo } from '../db/describe-target.js';
import { formatTarget } from '../db/describe-target.js';

/** "production · deploy@db.example.com:5432/app" — never a password (TargetInfo has none). */
export function targetLine(target: TargetInfo): string {
  return target.environment ? `${target.environment} · ${formatTarget(target)}` : formatTarget(target);
}
