import { PgPreflightError } from '../core/pgpreflight-error.js';

/** An option that takes a whole number (`--latest 3`, `--probe-timeout 120000`), or a one-line usage error. */
export function parseWholeNumber(option: string, value: string | undefined, min: number, example: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new PgPreflightError('USAGE', `${option} ${value}: expected a whole number of at least ${min}`, {
      hint: `for example ${example}`,
    });
  }
  return n;
}
