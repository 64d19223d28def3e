import { isPgPreflightError, PgPreflightError } from '../core/pgpreflight-error.js';
import { redactSecrets } from '../core/redact-secrets.js';
import { renderJsonError } from '../report/render-json.js';
import type { CliIo } from './cli-io.js';

export interface ErrorReportOptions {
  readonly command: string;
  readonly json: boolean;
  readonly debug: boolean;
}

/**
 * SPEC: errors print one line (what happened and what to do), no stack trace unless --debug.
 * With --format json a JSON error document also goes to stdout for scripts.
 */
export function reportError(io: CliIo, error: unknown, options: ErrorReportOptions): number {
  const known = isPgPreflightError(error)
    ? error
    : new PgPreflightError('INTERNAL', `unexpected error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
        hint: 'run again with --debug and report it with the output',
        cause: error,
      });
  const line = `error: ${known.message}${known.hint ? ` — ${known.hint}` : ''} [${known.code}]`;
  io.stderr(`${redactSecrets(line)}\n`);
  if (options.debug) {
    const stack = (known.cause instanceof Error ? known.cause.stack : undefined) ?? known.stack ?? '';
    io.stderr(`${redactSecrets(stack)}\n`);
  }
  if (options.json) {
    io.stdout(
      redactSecrets(
        renderJsonError({
          command: options.command,
          code: known.code,
          message: known.message,
          ...(known.hint ? { hint: known.hint } : {}),
        }),
      ),
    );
  }
  return known.exitCode;
}
