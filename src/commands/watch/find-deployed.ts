import { columnRenamesIn } from '../../analysis/effects/diff-migration.js';
import { deployedChanges, type DeployedChange } from '../../catalog/deployed-change.js';
import { indexedSchema, type IndexedSchema } from '../../analysis/watch/schema-index.js';
import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import type { TargetInfo } from '../../db/describe-target.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationState } from '../../migrations/migration.js';
import { MigrationReplayError } from '../../migrations/replay-migrations.js';
import { applyOnShadow } from '../check/apply-on-shadow.js';
import { openCheckShadow } from '../check/open-check-shadow.js';
import { selectPending } from '../check/select-pending.js';
import { deployCacheFile, readDeployCache, writeDeployCache, type ReplayedDeploy } from './deploy-cache.js';

export interface DeployKnowledge {
  /** How the deployed migrations were chosen. */
  readonly basis: 'history' | 'since-deploy' | 'named' | 'none';
  /** When the deploy happened (the first deployed migration's time in history), epoch ms. */
  readonly deployedAt: number | null;
  readonly migrations: readonly { readonly id: string; readonly appliedAt: string | null }[];
  readonly changes: readonly DeployedChange[];
  /** The schema after the deploy, for naming what events touch. */
  readonly schema: IndexedSchema | undefined;
  readonly notes: readonly string[];
}

export interface FindDeployedOptions {
  readonly project: MigrationProject;
  /** The target's history; undefined without a target. */
  readonly states?: readonly MigrationState[];
  /** `--migration`: the deployed migrations, named. */
  readonly named?: readonly string[];
  /** `--since-deploy`: migrations applied at or after this time are the deploy. */
  readonly sinceDeploy?: number;
  readonly cacheDir: string;
  readonly shadowUrl?: string;
  readonly target?: TargetInfo;
}

// Migrations applied within this long of each other are one deploy (a `migrate deploy` of several).
const SAME_DEPLOY_MS = 10 * 60_000;

/**
 * What was just deployed and which objects it added or changed: the migrations (from the target's
 * history, or named), replayed on the embedded shadow — the ones before them first — and the
 * catalog compared before and after each. Events that touch those objects are the deploy's doing.
 */
export async function findDeployed(options: FindDeployedOptions): Promise<DeployKnowledge> {
  const { project } = options;
  const notes: string[] = [];
  const applied = (options.states ?? []).filter((s) => s.status === 'applied' || s.status === 'modified');
  let ids: readonly string[];
  let basis: DeployKnowledge['basis'];
  if (options.named?.length) {
    ids = selectPending(project.migrations, undefined, { only: options.named }).pending.map((m) => m.id);
    basis = 'named';
  } else if (options.sinceDeploy !== undefined) {
    ids = applied.filter((s) => s.appliedAt !== null && Date.parse(s.appliedAt) >= options.sinceDeploy!).map((s) => s.id);
    basis = 'since-deploy';
    if (!ids.length)
      notes.push(`no migration was applied since ${new Date(options.sinceDeploy).toISOString()} according to the target's history`);
  } else if (applied.length) {
    ids = latestDeploy(applied, notes);
    basis = 'history';
  } else {
    return { basis: 'none', deployedAt: options.sinceDeploy ?? null, migrations: [], changes: [], schema: undefined, notes };
  }
  const appliedAtOf = new Map(applied.map((s) => [s.id, s.appliedAt]));
  const migrations = ids.map((id) => ({ id, appliedAt: isoTime(appliedAtOf.get(id) ?? null) }));
  const times = migrations.map((m) => (m.appliedAt === null ? NaN : Date.parse(m.appliedAt))).filter((t) => !Number.isNaN(t));
  const deployedAt = options.sinceDeploy ?? (times.length ? Math.min(...times) : null);
  if (!ids.length) return { basis, deployedAt, migrations, changes: [], schema: undefined, notes };

  const selection = selectPending(project.migrations, undefined, { only: ids });
  const cacheFile = deployCacheFile(options.cacheDir, project.format.id, selection.applied, selection.pending);
  let replayed = readDeployCache(cacheFile);
  if (!replayed) {
    try {
      replayed = await replayDeployed(selection.applied, selection.pending, options);
      writeDeployCache(cacheFile, replayed);
    } catch (error) {
      if (!(error instanceof MigrationReplayError)) throw error;
      // The migrations before the deploy do not replay: what the deploy changed stays unknown.
      const why = `${error.error.message} (SQLSTATE ${error.error.sqlState})`;
      notes.push(`the shadow could not be built (${why}): events are classified, not attributed to the deploy`);
      return { basis, deployedAt, migrations, changes: [], schema: undefined, notes };
    }
  }
  return { basis, deployedAt, migrations, changes: replayed.changes, schema: replayed.schema, notes: [...notes, ...replayed.notes] };
}

function latestDeploy(applied: readonly MigrationState[], notes: string[]): string[] {
  const timed = applied.filter((s) => s.appliedAt !== null).map((s) => ({ id: s.id, at: Date.parse(s.appliedAt!) }));
  if (!timed.length) {
    // Supabase records no time: the newest applied migration is the best guess.
    notes.push('the history records no apply times: taking the newest applied migration as the deploy (name others with --migration)');
    return [applied.at(-1)!.id];
  }
  timed.sort((a, b) => a.at - b.at);
  const batch = [timed.at(-1)!];
  for (let i = timed.length - 2; i >= 0 && batch[0]!.at - timed[i]!.at <= SAME_DEPLOY_MS; i--) batch.unshift(timed[i]!);
  return batch.map((m) => m.id);
}

async function replayDeployed(
  before: readonly Migration[],
  deployed: readonly Migration[],
  options: FindDeployedOptions,
): Promise<ReplayedDeploy> {
  const notes: string[] = [];
  const shadow = await openCheckShadow({
    format: options.project.format.id,
    applied: before,
    pending: deployed,
    cacheDir: options.cacheDir,
    ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
    ...(options.target ? { target: options.target } : {}),
  });
  const changes: DeployedChange[] = [];
  let schema: IndexedSchema | undefined;
  try {
    for await (const run of applyOnShadow(shadow.client, deployed)) {
      schema = indexedSchema((run.after ?? run.before).objects);
      if (!run.after) {
        const why = run.failure ? `${run.failure.error.message} (SQLSTATE ${run.failure.error.sqlState})` : 'it does not parse';
        notes.push(`${run.migration.id} could not be replayed on the shadow (${why}): what it changed is unknown`);
        break;
      }
      changes.push(
        ...deployedChanges(
          run.migration.id,
          diffCatalogs(run.before.objects, run.after.objects, { columnRenames: columnRenamesIn(run.statements) }),
        ),
      );
    }
  } finally {
    await shadow.close();
  }
  return { changes, schema, notes };
}

// History tables hold the server's text (`2025-11-04 10:00:03.16+00`); reports show ISO 8601.
function isoTime(text: string | null): string | null {
  const at = text === null ? NaN : Date.parse(text);
  return Number.isNaN(at) ? text : new Date(at).toISOString();
}
