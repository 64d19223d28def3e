import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { PgTool } from './find-pg-tool.js';
import { failureLine, runPgTool } from './run-pg-tool.js';

export interface PgDumpOptions {
  readonly tool: PgTool;
  /** From libpqEnvironment: where to connect, password included. */
  readonly env: Readonly<Record<string, string>>;
  /** An open file the custom-format archive is written into. */
  readonly fd: number;
  /** How long pg_dump waits for its shared table locks before giving up (default 30 s). */
  readonly lockWaitTimeoutMs?: number;
  /** "production · deploy@db:5432/app", for the message. */
  readonly targetLabel: string;
}

/**
 * `pg_dump --format=custom` of the database named in `env`, into `fd`. The command line holds no
 * connection setting at all; a failure is one line (pg_dump's own) with exit code 3.
 */
export async function runPgDump(options: PgDumpOptions): Promise<void> {
  const lockWait = Math.max(1, Math.floor(options.lockWaitTimeoutMs ?? 30_000));
  // A dump queued behind an ACCESS EXCLUSIVE lock would make everything queue behind it in turn.
  const args = ['--format=custom', '--no-password', `--lock-wait-timeout=${lockWait}`];
  const run = await runPgTool(options.tool.path, args, { env: options.env, stdoutFd: options.fd });
  if (run.code === 0) return;
  throw new PgPreflightError('BACKUP_FAILED', `pg_dump of ${options.targetLabel} failed: ${failureLine(run, 'pg_dump')}`, {
    hint: 'nothing was kept; fix the cause above (connection, permissions, locks) and run the backup again',
  });
}
