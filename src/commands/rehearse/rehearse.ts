import type { Workflow } from '../../analysis/workflows/run-workflow.js';
import { applyRuleSettings, type RuleSettings } from '../../core/apply-rule-settings.js';
import { countFindings } from '../../core/finding.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { Stopwatch } from '../../core/timings.js';
import { connectTarget, type ConnectedTarget } from '../../db/connect-target.js';
import { parseTargetUrl } from '../../db/target-url.js';
import { findRollback } from '../../migrations/find-rollback.js';
import { loadMigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationFormatId, MigrationState } from '../../migrations/migration.js';
import { recordRun } from '../../migrations/run-records.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import type { RehearsedMigration, RehearseResult, RehearseSample } from '../../report/rehearse-result.js';
import { openCheckShadow, shadowOptionsFor, type CheckShadow } from '../check/open-check-shadow.js';
import { selectPending } from '../check/select-pending.js';
import { rehearseOnShadow } from './rehearse-on-shadow.js';
import { sampleShadow } from './sample-shadow.js';

export interface RehearseOptions {
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** The target: its history says what is pending; with `sample`, its rows fill the shadow. Never written. */
  readonly url?: string;
  readonly environment?: string;
  readonly only?: readonly string[];
  readonly latest?: number;
  readonly workflows: readonly Workflow[];
  readonly shadowUrl?: string;
  readonly cacheDir?: string;
  /**
   * Record the outcome in the target's `pgpreflight.runs` (the one write rehearse makes, and only
   * when asked): a production deploy of a level-3 migration looks there for a green staging rehearsal.
   */
  readonly record?: { readonly actor?: string };
  /** Copy up to this many rows per table from the target into the shadow (a production-shaped shadow). */
  readonly sample?: number;
  /** Config `mask`: columns whose values are replaced by fakes when rows are copied. */
  readonly mask?: readonly string[];
  /** Config `rules` (with `policy` folded in): a recorded rehearsal is green only without an error left. */
  readonly severities?: RuleSettings;
}

/**
 * SPEC `rehearse`: staging in one command. On a shadow holding the applied migrations — embedded,
 * a scratch database on a server, and with `sample` filled with the target's rows — every critical
 * workflow runs, each pending migration is applied exactly as deploy will apply it (each statement
 * timed, its rewrites and, on a server, its locks traced), the workflows run again, and the
 * rollback is proven by a round trip.
 */
export async function rehearse(options: RehearseOptions): Promise<RehearseResult> {
  const stopwatch = new Stopwatch();
  if (options.sample !== undefined && options.url === undefined) {
    throw new PgPreflightError('USAGE', '--sample copies rows from the target, and no target was given', {
      hint: 'pass --url or --env (the target is only read), or drop --sample',
    });
  }
  const project = await stopwatch.time('migrations', () =>
    loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel }),
  );
  let target: ConnectedTarget | undefined;
  let shadow: CheckShadow | undefined;
  try {
    let states: readonly MigrationState[] | undefined;
    if (options.url !== undefined) {
      const spec = parseTargetUrl(options.url);
      target = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
      const client = target.client;
      states = (await stopwatch.time('history', () => readMigrationStates(client, project, spec))).states;
      if (options.sample === undefined) await client.close();
    }
    const selection = selectPending(project.migrations, states, {
      ...(options.only ? { only: options.only } : {}),
      ...(options.latest ? { latest: options.latest } : {}),
    });
    const shadowOptions = shadowOptionsFor(project, selection, { ...options, ...(target ? { target: target.info } : {}) });
    const openShadow = (): Promise<CheckShadow> => openCheckShadow(shadowOptions);
    const ready = await stopwatch.time('shadow', openShadow);
    shadow = ready;
    let sample: RehearseSample | undefined;
    if (options.sample !== undefined && target) {
      const from = target.client;
      sample = await stopwatch.time('sample', () =>
        sampleShadow({
          target: from,
          shadow: ready.client,
          rows: options.sample!,
          mask: options.mask ?? [],
          pending: selection.pending,
          openPlanningShadow: openShadow,
        }),
      );
      await from.close();
    }
    // Locks are traced from a second connection, which only a server shadow has.
    const monitor = ready.connect ? await ready.connect() : undefined;
    const rehearsal = await rehearseOnShadow({
      shadow: ready.client,
      monitor,
      pending: selection.pending,
      workflows: options.workflows,
      rollbackOf: (migration) => findRollback(migration, project.format.id, project.layout),
      stopwatch,
    });
    const findings = applyRuleSettings(rehearsal.findings, options.severities);
    const summary = { ...countFindings(findings), pending: selection.pending.length, workflows: rehearsal.workflows.length };
    const recorded =
      options.record && options.url !== undefined
        ? await recordRehearsal(
            options.url,
            options.environment,
            selection.pending,
            rehearsal.migrations,
            summary.errors === 0,
            options.record.actor,
          )
        : null;
    return {
      command: 'rehearse',
      recorded,
      target: target?.info ?? null,
      shadow: ready.info,
      locks: monitor
        ? {
            traced: true,
            how: "pg_locks read in the migration's transaction after each statement, and sampled by a second connection while each statement runs",
          }
        : { traced: false, how: 'locks are traced only on a server shadow (--shadow-url): the embedded shadow has no second connection' },
      ...(sample ? { sample } : {}),
      migrations: rehearsal.migrations,
      workflows: rehearsal.workflows,
      findings,
      summary,
      timings: stopwatch.result(),
    };
  } finally {
    await shadow?.close();
    await target?.client.close();
  }
}

/** The run, with each migration's checksum and rollback outcome, in the target's pgpreflight.runs. */
async function recordRehearsal(
  url: string,
  environment: string | undefined,
  pending: readonly Migration[],
  rehearsed: readonly RehearsedMigration[],
  green: boolean,
  actor: string | undefined,
): Promise<number> {
  const connected = await connectTarget(parseTargetUrl(url), environment, { writable: true });
  try {
    return await recordRun(connected.client, {
      command: 'rehearse',
      ...(environment ? { environment } : {}),
      migrations: pending.map((migration) => {
        const run = rehearsed.find((r) => r.id === migration.id);
        return {
          id: migration.id,
          checksum: migration.checksum,
          outcome: run?.outcome ?? 'not-run',
          rollback: run?.rollback?.outcome ?? 'not-run',
        };
      }),
      outcome: green ? 'passed' : 'failed',
      ...(actor ? { actor } : {}),
    });
  } finally {
    await connected.client.close();
  }
}
