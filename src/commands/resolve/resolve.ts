import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { Stopwatch } from '../../core/timings.js';
import { acquireAdvisoryLock } from '../../db/advisory-lock.js';
import { parseTargetUrl } from '../../db/target-url.js';
import { loadMigrationProject } from '../../migrations/load-migration-project.js';
import type { MigrationFormatId } from '../../migrations/migration.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import { ensureRunsTable, readRuns, recordRun, updateRun } from '../../migrations/run-records.js';
import type { ResolveResult } from '../../report/resolve-result.js';
import { openTargetSession } from '../deploy/target-session.js';

export interface ResolveOptions {
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  readonly url: string;
  readonly environment?: string;
  readonly production: boolean;
  readonly migration: string;
  /** applied: it was completed by hand; rolled-back: what remains of it was undone. */
  readonly as: 'applied' | 'rolled-back';
  readonly confirm?: (what: { readonly migration: string; readonly as: string }) => Promise<boolean>;
  readonly actor?: string;
}

/**
 * `prisma migrate resolve` for every tool: records, as the tool itself would, that a failed or
 * interrupted migration was completed by hand (`--applied`) or undone (`--rolled-back`), so the next
 * deploy can go on. Prisma's rules hold: an applied migration cannot be marked applied again, and
 * only a failed one can be marked rolled back — or, for any tool, one a killed deploy left half-done.
 */
export async function resolve(options: ResolveOptions): Promise<ResolveResult> {
  const stopwatch = new Stopwatch();
  const project = await loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel });
  const migration = project.migrations.find((m) => m.id === options.migration || m.historyKey === options.migration);
  if (!migration) {
    throw new PgPreflightError('USAGE', `${options.migration}: no such migration in ${project.layout.migrationsDir}`, {
      hint: 'pgpreflight status lists the migrations by id',
    });
  }
  const spec = parseTargetUrl(options.url);
  const session = await openTargetSession(spec, options.environment);
  try {
    const writer = project.format.history;
    const lock = await acquireAdvisoryLock(session.lock, writer.lockKey, { waitMs: 60_000 });
    try {
      const historySession = spec.kind === 'postgres' && spec.schema ? { schema: spec.schema } : {};
      const { states, history } = await readMigrationStates(session.apply, project, spec);
      const before = states.find((s) => s.id === migration.id)?.status ?? 'pending';
      await ensureRunsTable(session.lock);
      const interrupted = [
        ...(await readRuns(session.lock, { command: 'deploy', outcome: 'running' })),
        ...(await readRuns(session.lock, { command: 'deploy', outcome: 'failed', limit: 20 })),
      ].filter((run) =>
        run.migrations.some((m) => m.id === migration.id && (m.outcome === 'applying' || m.outcome === 'failed') && (m.stepsDone ?? 0) > 0),
      );
      if (options.as === 'applied' && (before === 'applied' || before === 'modified')) {
        throw new PgPreflightError('DEPLOY_REFUSED', `${migration.id} is already recorded as applied`, {
          hint: 'nothing to resolve (pgpreflight status)',
        });
      }
      if (options.as === 'rolled-back' && before !== 'failed' && interrupted.length === 0) {
        throw new PgPreflightError(
          'DEPLOY_REFUSED',
          `${migration.id} is ${before}, not failed: only a failed or interrupted migration can be marked rolled back`,
          {
            hint:
              before === 'applied'
                ? `to undo an applied migration run \`pgpreflight rollback ${migration.id}\``
                : 'nothing to resolve (pgpreflight status)',
          },
        );
      }
      if (options.production && !(await options.confirm?.({ migration: migration.id, as: options.as }))) {
        throw new PgPreflightError('DEPLOY_REFUSED', `resolving ${migration.id} on production was not confirmed`, {
          hint: 'type the database name when asked, or pass --yes together with --env <production environment>',
        });
      }
      await writer.prepareSession(session.apply, historySession);
      await writer.ensureTable(session.apply, historySession);
      const entry = history.entries.find((e) => e.key === migration.historyKey);
      if (options.as === 'applied') await writer.markApplied(session.apply, migration);
      else await writer.rolledBack(session.apply, migration, entry);
      for (const run of interrupted) {
        await updateRun(session.lock, run.id, {
          outcome: 'aborted',
          finished: true,
          details: { resolved: { migration: migration.id, as: options.as } },
        });
      }
      const run = await recordRun(session.lock, {
        command: 'resolve',
        ...(options.environment ? { environment: options.environment } : {}),
        migrations: [{ id: migration.id, checksum: migration.checksum, outcome: options.as }],
        outcome: 'passed',
        details: { previous: before, interruptedRuns: interrupted.map((r) => r.id) },
        ...(options.actor ? { actor: options.actor } : {}),
      });
      const after =
        (await readMigrationStates(session.apply, project, spec)).states.find((s) => s.id === migration.id)?.status ?? 'pending';
      return {
        command: 'resolve',
        target: session.info,
        migration: { id: migration.id, path: migration.path },
        as: options.as,
        before,
        after,
        closedRuns: interrupted.map((r) => r.id),
        run,
        findings: [],
        timings: stopwatch.result(),
      };
    } finally {
      await lock.release().catch(() => undefined);
    }
  } finally {
    await session.close();
  }
}
