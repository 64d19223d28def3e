import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { countFindings, type Finding } from '../../core/finding.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { Stopwatch } from '../../core/timings.js';
import { acquireAdvisoryLock } from '../../db/advisory-lock.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import { parseTargetUrl } from '../../db/target-url.js';
import { findRollback } from '../../migrations/find-rollback.js';
import { loadMigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationFormatId } from '../../migrations/migration.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import { replayMigrations } from '../../migrations/replay-migrations.js';
import { ensureRunsTable, startRun, updateRun } from '../../migrations/run-records.js';
import type { DeployStep } from '../../report/deploy-result.js';
import type { RollbackResult } from '../../report/rollback-result.js';
import { backup } from '../backup/backup.js';
import { openCheckShadow } from '../check/open-check-shadow.js';
import { rollBackOnTarget } from '../deploy/roll-back-on-target.js';
import { openTargetSession } from '../deploy/target-session.js';
import { waitForBlockers } from '../deploy/wait-for-blockers.js';
import { touchedTables } from '../deploy/touched-tables.js';

export interface RollbackOptions {
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  readonly url: string;
  readonly environment?: string;
  readonly production: boolean;
  /** The migration to roll back; default the newest applied one. */
  readonly migration?: string;
  /** Production: the person typed the database name (or --yes with --env). */
  readonly confirm?: (what: { readonly migration: string; readonly rollback: string }) => Promise<boolean>;
  readonly backup?: boolean;
  readonly backupDir?: string;
  readonly pgDump?: string;
  readonly shadowUrl?: string;
  readonly cacheDir?: string;
  readonly lockWaitMs?: number;
  readonly blockerWaitMs?: number;
  readonly actor?: string;
}

/**
 * SPEC `rollback`: runs the rollback of the newest (or named) applied migration through deploy's
 * guard, lock, blockers and backup, confirms the previous definitions are back — the objects the
 * migration touched compared with a shadow holding only the migrations before it — and records it
 * in history as the tool would, so the next deploy applies it again.
 */
export async function rollback(options: RollbackOptions): Promise<RollbackResult> {
  const stopwatch = new Stopwatch();
  const steps: DeployStep[] = [];
  const findings: Finding[] = [];
  const project = await loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel });
  const spec = parseTargetUrl(options.url);
  const session = await openTargetSession(spec, options.environment);
  try {
    const { states, history } = await readMigrationStates(session.apply, project, spec);
    const applied = project.migrations.filter((m) => states.find((s) => s.id === m.id)?.status === 'applied');
    const migration = chooseMigration(applied, options.migration);
    const index = project.migrations.indexOf(migration);
    const later = applied.filter((m) => project.migrations.indexOf(m) > index);
    if (later.length) {
      throw new PgPreflightError(
        'DEPLOY_REFUSED',
        `${migration.id} is not the newest applied migration: ${later.map((m) => m.id).join(', ')} came after it`,
        {
          hint: `roll those back first, newest first (pgpreflight rollback ${later.at(-1)!.id})`,
        },
      );
    }
    const lookup = findRollback(migration, project.format.id, project.layout);
    if (lookup.kind !== 'found') {
      throw new PgPreflightError(
        'DEPLOY_REFUSED',
        lookup.kind === 'missing'
          ? `${migration.id} has no rollback (expected at ${lookup.expected})`
          : `${migration.id} is declared irreversible: ${lookup.reason}`,
        { hint: 'restore from the backup taken before it was deployed, or write a new migration that undoes it' },
      );
    }
    steps.push({
      name: 'status',
      status: 'passed',
      detail: `${migration.id} is the newest applied migration; rollback ${lookup.rollback.path}`,
    });

    // The definitions that must come back: a shadow with the migrations before it, and what it changes.
    const expected = await stopwatch.time('shadow', async () => {
      const shadow = await openCheckShadow({
        format: project.format.id,
        applied: project.migrations.slice(0, index),
        pending: [migration],
        cacheDir: options.cacheDir ?? defaultCacheDir(project.layout.projectRoot),
        ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
        target: session.info,
      });
      try {
        const before = await takeCatalogSnapshot(shadow.client);
        await replayMigrations(shadow.client, [migration], { where: 'the shadow' });
        const after = await takeCatalogSnapshot(shadow.client);
        return { before, effects: diffCatalogs(before.objects, after.objects) };
      } finally {
        await shadow.close();
      }
    });
    if (options.production && !(await options.confirm?.({ migration: migration.id, rollback: lookup.rollback.path }))) {
      throw new PgPreflightError('DEPLOY_REFUSED', `rollback of ${migration.id} on production was not confirmed`, {
        hint: 'type the database name when asked, or pass --yes together with --env <production environment>',
      });
    }

    const writer = project.format.history;
    const lock = await acquireAdvisoryLock(session.lock, writer.lockKey, { waitMs: options.lockWaitMs ?? 600_000 });
    steps.push({ name: 'lock', status: 'passed', detail: `advisory lock ${writer.lockKey} held` });
    let run: number | null = null;
    try {
      await ensureRunsTable(session.lock);
      run = await startRun(session.lock, {
        command: 'rollback',
        ...(options.environment ? { environment: options.environment } : {}),
        migrations: [{ id: migration.id, checksum: migration.checksum }],
        ...(options.actor ? { actor: options.actor } : {}),
      });
      const rollbackScript: Migration = { ...migration, sql: lookup.rollback.sql, path: lookup.rollback.path };
      await waitForBlockers(session.apply, await touchedTables([rollbackScript]), {
        ignorePids: session.pids,
        waitMs: options.blockerWaitMs ?? 60_000,
      });
      steps.push({ name: 'blockers', status: 'passed', detail: 'none' });
      let backupFile: string | null = null;
      if (options.production || options.backup) {
        const taken = await backup({
          url: options.url,
          ...(options.environment ? { environment: options.environment } : {}),
          projectRoot: project.layout.projectRoot,
          ...(options.backupDir ? { dir: options.backupDir } : {}),
          ...(options.pgDump ? { pgDump: options.pgDump } : {}),
        });
        backupFile = taken.file;
        steps.push({ name: 'backup', status: 'passed', detail: `${taken.file} (${taken.bytes} bytes, verified)` });
      }
      await writer.prepareSession(session.apply, spec.kind === 'postgres' && spec.schema ? { schema: spec.schema } : {});
      const entry = history.entries.find((e) => e.key === migration.historyKey);
      const outcome = await stopwatch.time('rollback', () =>
        rollBackOnTarget(session.apply, project, migration, {
          expected: expected.before.objects,
          only: expected.effects,
          ...(entry ? { entry } : {}),
        }),
      );
      steps.push({
        name: `rollback ${migration.id}`,
        status: outcome.outcome === 'passed' ? 'passed' : 'failed',
        detail:
          outcome.outcome === 'passed'
            ? 'the previous definitions are back; history says it is not applied'
            : (outcome.error ?? `differences remain: ${(outcome.differences ?? []).join('; ')}`),
      });
      if (outcome.outcome !== 'passed') {
        findings.push({
          ruleId: 'rollback-incomplete',
          severity: 'error',
          message: `after ${lookup.rollback.path} the target is not back to the definitions before ${migration.id}: ${outcome.error ?? (outcome.differences ?? []).join('; ')}`,
          help: 'history still says the migration is applied; fix the rollback, or restore from the backup',
          migration: migration.id,
          file: lookup.rollback.path,
          evidence: { differences: outcome.differences ?? [], ...(outcome.error ? { error: outcome.error } : {}) },
        });
      }
      await updateRun(session.lock, run, {
        outcome: outcome.outcome === 'passed' ? 'rolled-back' : 'failed',
        finished: true,
        details: { backup: backupFile },
      });
      return {
        command: 'rollback',
        target: session.info,
        production: options.production,
        migration: { id: migration.id, path: migration.path, rollback: lookup.rollback.path },
        outcome: outcome.outcome === 'passed' ? 'rolled-back' : 'failed',
        differences: outcome.differences ?? [],
        steps,
        backup: backupFile,
        run,
        findings,
        summary: countFindings(findings),
        timings: stopwatch.result(),
      };
    } catch (error) {
      if (run !== null) await updateRun(session.lock, run, { outcome: 'failed', finished: true }).catch(() => undefined);
      throw error;
    } finally {
      await lock.release().catch(() => undefined);
    }
  } finally {
    await session.close();
  }
}

function chooseMigration(applied: readonly Migration[], named: string | undefined): Migration {
  if (named === undefined) {
    const last = applied.at(-1);
    if (!last) throw new PgPreflightError('DEPLOY_REFUSED', 'no migration is applied on the target: nothing to roll back');
    return last;
  }
  const found = applied.find((m) => m.id === named || m.historyKey === named);
  if (!found) {
    throw new PgPreflightError('USAGE', `${named}: not an applied migration on the target`, {
      hint: 'pgpreflight status lists the applied migrations; name one of them, or omit the name for the newest',
    });
  }
  return found;
}
