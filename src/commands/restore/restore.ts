import { statSync } from 'node:fs';
import path from 'node:path';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { Stopwatch } from '../../core/timings.js';
import { describeTarget, formatTarget, type TargetInfo } from '../../db/describe-target.js';
import { findPgTool } from '../../db/find-pg-tool.js';
import { libpqEnvironment } from '../../db/libpq-environment.js';
import { listArchive, restoreArchive } from '../../db/pg-restore.js';
import { readServerVersion } from '../../db/server-version.js';
import { parseTargetUrl } from '../../db/target-url.js';
import type { RestoreResult } from '../../report/restore-result.js';
import { archiveSummary } from '../backup/archive-summary.js';
import { countTables } from './count-tables.js';
import { dropCreatedDatabase, openDestination } from './open-destination.js';

export interface RestoreOptions {
  /** A custom-format archive (`pgpreflight backup`, `pg_dump -Fc`). */
  readonly file: string;
  /** The destination database: a postgres:// URL or libpq key=value string. */
  readonly url: string;
  readonly environment?: string;
  /** Create the destination database when it does not exist. */
  readonly create?: boolean;
  /** Drop the archive's objects in the destination before recreating them; required when it holds tables. */
  readonly clean?: boolean;
  /** Skip ownership (ALTER … OWNER): for a destination without the source's roles. */
  readonly noOwner?: boolean;
  /**
   * The destination is a production environment. Then `confirm` is required: it is called after the
   * archive is verified and before the destination is touched, and throws to stop the restore (the
   * CLI asks for the database name there; see src/cli/confirm-production.ts).
   */
  readonly production?: boolean;
  readonly confirm?: (target: TargetInfo) => Promise<string | undefined>;
  readonly pgRestore?: string;
  /** Environment for pg_restore (PATH, PGPASSWORD, …); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Restores a backup into a named database, as the runbook's recovery step: the archive is read back
 * with `pg_restore --list` first, a database that already holds tables is refused unless `clean`,
 * and pg_restore runs in one transaction that stops at the first error, so a failed restore
 * leaves the destination as it was.
 */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const stopwatch = new Stopwatch();
  const spec = parseTargetUrl(options.url);
  const env = options.env ?? process.env;
  const childEnv = libpqEnvironment(spec, env, 'pgpreflight restore');
  if (spec.kind !== 'postgres') throw new Error('unreachable: libpqEnvironment refuses pglite');
  const info = describeTarget(spec, options.environment);
  const targetLabel = formatTarget(info);
  if (options.production && !options.confirm) {
    throw new PgPreflightError('CONFIRMATION_REQUIRED', `restoring into production (${targetLabel}) needs a confirmation`, {
      hint: 'pass a confirm callback (the CLI asks for the database name, or takes --yes with --env)',
    });
  }

  const file = path.resolve(options.file);
  const bytes = statSync(file, { throwIfNoEntry: false })?.size;
  if (bytes === undefined) {
    throw new PgPreflightError('BACKUP_INVALID', `${options.file}: no such file`, {
      hint: 'give the path of a backup (pgpreflight backup prints it)',
    });
  }
  // Reading needs a pg_restore as new as the pg_dump that wrote the archive (it says so when it is
  // not); restoring needs one that knows the destination's server, chosen once it is known.
  const reader = await findPgTool('pg_restore', { override: options.pgRestore, minimumVersionNum: 0, minimumLabel: 'any', env: childEnv });
  const listing = await stopwatch.time('verify', () => listArchive(reader, file, childEnv));
  const confirmedBy = options.production ? await options.confirm!(info) : undefined;

  const destination = await stopwatch.time('connect', () => openDestination(spec, options.environment, options.create === true));
  let tablesBefore = 0;
  let pgRestore;
  try {
    try {
      const server = await readServerVersion(destination.client);
      const before = await countTables(destination.client);
      tablesBefore = before.count;
      if (before.count > 0 && !options.clean) {
        throw new PgPreflightError(
          'TARGET_NOT_EMPTY',
          `${targetLabel} already holds ${before.count} table${before.count === 1 ? '' : 's'} (${before.sample.join(', ')}${before.count > before.sample.length ? ', …' : ''}): nothing was restored`,
          { hint: 'restore into an empty or new database (--create), or pass --clean to drop the objects the backup holds first' },
        );
      }
      pgRestore = await findPgTool('pg_restore', {
        override: options.pgRestore,
        minimumVersionNum: server.versionNum,
        minimumLabel: `the server at ${targetLabel} (PostgreSQL ${server.version})`,
        preferDir: path.dirname(reader.path),
        env: childEnv,
      });
    } finally {
      await destination.client.close();
    }
    const tool = pgRestore;
    await stopwatch.time('restore', () =>
      restoreArchive({ tool, file, env: childEnv, database: info.database, clean: options.clean, noOwner: options.noOwner, targetLabel }),
    );
  } catch (error) {
    // A database created for this restore goes again: a failed restore leaves nothing behind.
    if (destination.created) await dropCreatedDatabase(spec, options.environment).catch(() => undefined);
    throw error;
  }

  const after = await openDestination(spec, options.environment, false);
  const tablesAfter = await countTables(after.client).finally(() => after.client.close());
  return {
    command: 'restore',
    target: after.info,
    file,
    bytes,
    archive: {
      ...archiveSummary(listing),
      ...(listing.database ? { dumpedFrom: listing.database } : {}),
      ...(listing.dumpedBy ? { dumpedBy: listing.dumpedBy } : {}),
    },
    created: destination.created,
    cleaned: options.clean === true,
    tablesBefore,
    tablesAfter: tablesAfter.count,
    pgRestore: { path: pgRestore.path, version: pgRestore.version },
    ...(confirmedBy ? { confirmedBy } : {}),
    timings: stopwatch.result(),
  };
}
