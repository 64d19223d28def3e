import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planDdl } from '../../catalog/ddl/plan-ddl.js';
import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { countFindings, type Finding } from '../../core/finding.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { Stopwatch } from '../../core/timings.js';
import { writeFileAtomically } from '../../core/write-file-atomically.js';
import { connectTarget, type ConnectedTarget } from '../../db/connect-target.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import { parseTargetUrl } from '../../db/target-url.js';
import { rollbackLocation } from '../../migrations/find-rollback.js';
import { loadMigrationProject } from '../../migrations/load-migration-project.js';
import { withDbmateDown } from '../../migrations/plain-sql/plain-sql-conventions.js';
import type { MigrationFormatId } from '../../migrations/migration.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import { replayMigrations } from '../../migrations/replay-migrations.js';
import { describeEffect } from '../../report/describe-effect.js';
import type { RollbackGenerateResult } from '../../report/rollback-generate-result.js';
import { openCheckShadow } from '../check/open-check-shadow.js';
import { selectPending } from '../check/select-pending.js';
import { roundTrip } from '../rehearse/round-trip.js';
import { parseSql } from '../../sql/parse-sql.js';
import { rollbackFile } from './rollback-file.js';
import { withoutUnwrittenRenames } from './unwritten-renames.js';

export interface GenerateRollbackOptions {
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** The target: its history says which migration is the newest pending one (never written). */
  readonly url?: string;
  readonly environment?: string;
  /** The migration to write a rollback for; default the newest pending (with a target) or the newest. */
  readonly migration?: string;
  readonly shadowUrl?: string;
  readonly cacheDir?: string;
  /** Replace a rollback that exists. */
  readonly force?: boolean;
  /** Return the text only; write nothing. */
  readonly stdout?: boolean;
}

/**
 * SPEC `rollback generate`: the migration is applied on a shadow holding the migrations before it,
 * and the rollback is the SQL that takes the catalog after it back to the catalog before it —
 * previous definitions verbatim (pg_get_constraintdef, pg_get_indexdef, foreign key actions, enum
 * labels, defaults), rows the migration dropped marked as only in the backup. The file goes where
 * the format keeps rollbacks, for a person to review; the round trip then runs on it.
 */
export async function generateRollback(options: GenerateRollbackOptions): Promise<RollbackGenerateResult> {
  const stopwatch = new Stopwatch();
  const project = await stopwatch.time('migrations', () =>
    loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel }),
  );
  let target: ConnectedTarget | undefined;
  let newestPending: string | undefined;
  if (options.url !== undefined && options.migration === undefined) {
    const spec = parseTargetUrl(options.url);
    target = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
    const client = target.client;
    try {
      const { states } = await stopwatch.time('history', () => readMigrationStates(client, project, spec));
      newestPending = selectPending(project.migrations, states).pending.at(-1)?.id;
    } finally {
      await client.close();
    }
    if (newestPending === undefined) {
      throw new PgPreflightError('USAGE', 'nothing is pending on the target: no migration to write a rollback for', {
        hint: 'name the migration: pgpreflight rollback generate <migration>',
      });
    }
  }
  const named = options.migration ?? newestPending;
  const selection = selectPending(project.migrations, undefined, named !== undefined ? { only: [named] } : { latest: 1 });
  const migration = selection.pending[0]!;
  const location = rollbackLocation(migration, project.format.id, project.layout);
  const exists = location.section ? Boolean(migration.downSection) : existsSync(location.absolutePath);
  if (exists && !options.force && !options.stdout) {
    const what = location.section
      ? `${location.relativePath} already has its ${location.section} section`
      : `${location.relativePath} already exists`;
    throw new PgPreflightError('USAGE', `${what}: not overwriting the rollback of ${migration.id}`, {
      hint: 'pass --force to replace it, or --stdout to print the generated one instead',
    });
  }

  const shadow = await stopwatch.time('shadow', () =>
    openCheckShadow({
      format: project.format.id,
      applied: selection.applied,
      pending: [migration],
      cacheDir: options.cacheDir ?? defaultCacheDir(project.layout.projectRoot),
      ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
      ...(target ? { target: target.info } : {}),
    }),
  );
  try {
    const before = await stopwatch.time('catalog', () => takeCatalogSnapshot(shadow.client));
    await stopwatch.time('apply', () => replayMigrations(shadow.client, [migration], { where: 'the shadow' }));
    const after = await stopwatch.time('catalog', () => takeCatalogSnapshot(shadow.client));
    const { statements } = await parseSql(migration.sql, { file: migration.path, bodies: false });
    const changes = withoutUnwrittenRenames(diffCatalogs(before.objects, after.objects), statements);
    const undo = withoutUnwrittenRenames(diffCatalogs(after.objects, before.objects), statements);
    const plan = planDdl(undo, after.objects, before.objects, { restoring: true });
    const notRecoverable = changes.flatMap((e) =>
      e.kind === 'table-dropped'
        ? [`table ${e.table.schema}.${e.table.name}`]
        : e.kind === 'column-dropped'
          ? [`column ${e.column.schema}.${e.column.table}.${e.column.name}`]
          : [],
    );
    const sql = rollbackFile(migration, statements, plan.statements, notRecoverable);
    const trip = await stopwatch.time('rollback', () =>
      roundTrip(shadow.client, migration, { kind: 'found', rollback: { path: location.relativePath, sql } }, before, after),
    );
    if (!options.stdout) {
      if (location.section) {
        // dbmate keeps the rollback in the migration file: only its down section is replaced, and
        // the up section (what ran, and what the checksum covers) is left as it was.
        writeFileAtomically(location.absolutePath, withDbmateDown(readFileSync(location.absolutePath, 'utf8'), sql));
      } else {
        mkdirSync(path.dirname(location.absolutePath), { recursive: true });
        writeFileSync(location.absolutePath, sql, { flag: options.force ? 'w' : 'wx' });
      }
    }
    const findings: Finding[] = [
      ...notRecoverable.map((object): Finding => ({
        ruleId: 'rollback-not-recoverable',
        severity: 'warning',
        message: `the migration drops ${object}: the rollback re-creates it empty, its rows are only in the backup`,
        help: 'take a backup before deploying, and restore the rows where the rollback says NOT RECOVERABLE',
        migration: migration.id,
        file: location.relativePath,
        evidence: { object },
      })),
      ...trip.findings,
    ];
    return {
      command: 'rollback generate',
      target: target?.info ?? null,
      migration: { id: migration.id, path: migration.path },
      rollback: {
        path: location.relativePath,
        written: !options.stdout,
        replaced: exists && !options.stdout,
        sql,
        statements: plan.statements.filter((s) => !s.startsWith('--')).length,
      },
      changes: changes.map(describeEffect),
      notRecoverable,
      roundTrip: trip.trip,
      shadow: shadow.info,
      findings,
      summary: countFindings(findings),
      timings: stopwatch.result(),
    };
  } finally {
    await shadow.close();
  }
}
