import { parseDuration } from '../core/parse-duration.js';
import { PgPreflightError } from '../core/pgpreflight-error.js';

/** `--for 15m`, `--baseline 1h`: a duration in milliseconds, or a one-line usage error. */
export function parseDurationOption(option: string, text: string, example: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new PgPreflightError('USAGE', `${option} ${text}: expected a duration with a unit`, { hint: `for example ${example}` });
  }
  return ms;
}

/**
 * `--since 2025-11-04T10:00:00Z` or `--since 2h` (that long ago): epoch milliseconds. A time without
 * a zone is the machine's local time, as `date` prints it.
 */
export function parseTimeOption(option: string, text: string, now: number): number {
  const ago = parseDuration(text);
  if (ago !== undefined) return now - ago;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const at = Date.parse(/^\d{4}-\d{2}-\d{2} /.test(text) ? text.replace(' ', 'T') : text);
    if (!Number.isNaN(at)) return at;
  }
  throw new PgPreflightError('USAGE', `${option} ${text}: expected a time or a duration ago`, {
    hint: `for example ${option} 2025-11-04T10:00:00Z, or ${option} 2h for two hours ago`,
  });
}
