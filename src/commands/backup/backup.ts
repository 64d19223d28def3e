import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isPgPreflightError, PgPreflightError } from '../../core/pgpreflight-error.js';
import { publishWithoutOverwrite } from '../../core/publish-file.js';
import { Stopwatch } from '../../core/timings.js';
import { connectTarget } from '../../db/connect-target.js';
import { formatTarget } from '../../db/describe-target.js';
import { findPgTool } from '../../db/find-pg-tool.js';
import { libpqEnvironment } from '../../db/libpq-environment.js';
import { runPgDump } from '../../db/pg-dump.js';
import { listArchive } from '../../db/pg-restore.js';
import { trackPartialFile } from '../../db/pg-tool-cleanup.js';
import { readServerVersion } from '../../db/server-version.js';
import { parseTargetUrl } from '../../db/target-url.js';
import type { BackupResult } from '../../report/backup-result.js';
import { archiveSummary } from './archive-summary.js';
import { backupFileName } from './backup-file-name.js';

export interface BackupOptions {
  /** The database to back up: a postgres:// URL or libpq key=value string (not pglite:). */
  readonly url: string;
  /** Names the file and is shown with the target (from `--env`). */
  readonly environment?: string;
  /** Folder for the backup, absolute or relative to `projectRoot`; created with mode 0700. */
  readonly dir?: string;
  /** Default: the current folder. */
  readonly projectRoot?: string;
  /** A pg_dump / pg_restore to use instead of searching PATH and /usr/lib/postgresql/<N>/bin. */
  readonly pgDump?: string;
  readonly pgRestore?: string;
  /** Environment for the child processes (PATH, PGPASSWORD, …); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How long pg_dump waits for its table locks (default 30 s). */
  readonly lockWaitTimeoutMs?: number;
  /** The time in the file name (default now). */
  readonly now?: Date;
}

/** Where backups go when the config names no folder: under the project, out of the way. */
export const DEFAULT_BACKUP_DIR = '.pgpreflight/backups';

/**
 * A verified `pg_dump --format=custom` of the target (the runbook's "back up before you deploy").
 * The archive is written into a file only this user can read (0600, created before pg_dump writes
 * a byte), checked with `pg_restore --list`, and only then given its final name, so a failed or
 * interrupted dump never leaves a file that looks like a backup. Refused when pg_dump is older
 * than the server. The password reaches pg_dump in its environment, never on its command line.
 */
export async function backup(options: BackupOptions): Promise<BackupResult> {
  const stopwatch = new Stopwatch();
  const spec = parseTargetUrl(options.url);
  const env = options.env ?? process.env;
  const childEnv = libpqEnvironment(spec, env, 'pgpreflight backup');

  const { client, info } = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
  const server = await readServerVersion(client).finally(() => client.close());
  const targetLabel = formatTarget(info);

  const pgDump = await findPgTool('pg_dump', {
    override: options.pgDump,
    minimumVersionNum: server.versionNum,
    minimumLabel: `the server at ${targetLabel} (PostgreSQL ${server.version})`,
    env: childEnv,
  });
  const pgRestore = await findPgTool('pg_restore', {
    override: options.pgRestore,
    minimumVersionNum: pgDump.versionNum,
    minimumLabel: `pg_dump ${pgDump.version}, which writes the archive`,
    preferDir: path.dirname(pgDump.path),
    env: childEnv,
  });

  const dir = path.resolve(options.projectRoot ?? process.cwd(), options.dir ?? DEFAULT_BACKUP_DIR);
  makePrivateDir(dir);
  const name = backupFileName(options.environment ?? info.database, options.now ?? new Date());
  const temp = path.join(dir, `.${name}.${randomBytes(4).toString('hex')}.partial`);
  // Created 0600 before pg_dump writes into it: the rows are never readable by anyone else, not
  // even for a moment, whatever the umask.
  let fd: number | undefined = openSync(temp, 'wx', 0o600);
  const untrack = trackPartialFile(temp);
  try {
    fchmodSync(fd, 0o600);
    await stopwatch.time('backup', () =>
      runPgDump({ tool: pgDump, env: childEnv, fd: fd!, lockWaitTimeoutMs: options.lockWaitTimeoutMs, targetLabel }),
    );
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    const bytes = statSync(temp).size;
    if (bytes === 0) {
      throw new PgPreflightError('BACKUP_FAILED', `pg_dump of ${targetLabel} exited successfully but wrote nothing`, {
        hint: 'check the pg_dump in use (--pg-dump) and run the backup again',
      });
    }
    const listing = await stopwatch
      .time('verify', () => listArchive(pgRestore, temp, childEnv))
      .catch((error: unknown) => {
        // Our own fresh archive does not read back: the dump is what failed, not the user's input.
        if (isPgPreflightError(error) && error.code === 'BACKUP_INVALID') {
          throw new PgPreflightError('BACKUP_FAILED', `the dump of ${targetLabel} does not verify: ${error.message}`, {
            hint: 'nothing was kept; run the backup again, and check the disk and the pg_dump in use',
          });
        }
        throw error;
      });
    const file = publishWithoutOverwrite(temp, path.join(dir, name));
    return {
      command: 'backup',
      target: info,
      file,
      bytes,
      archive: archiveSummary(listing),
      server,
      pgDump: { path: pgDump.path, version: pgDump.version },
      pgRestore: { path: pgRestore.path, version: pgRestore.version },
      timings: stopwatch.result(),
    };
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  } finally {
    untrack();
  }
}

function makePrivateDir(dir: string): void {
  try {
    const existed = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode is filtered by the umask; the backup folder is private whatever it is.
    if (!existed) chmodSync(dir, 0o700);
  } catch (error) {
    throw new PgPreflightError('USAGE', `backup folder ${dir}: cannot create it (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'set backup.dir in the config (or --backup-dir) to a folder you can write',
      cause: error,
    });
  }
}
