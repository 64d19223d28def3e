import { isPgPreflightError } from '../../core/pgpreflight-error.js';
import type { ConnectedTarget } from '../../db/connect-target.js';
import type { TargetSpec } from '../../db/target-url.js';
import { loadMigrationProject, type MigrationProject } from '../../migrations/load-migration-project.js';
import type { MigrationFormatId, MigrationState } from '../../migrations/migration.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';

export interface WatchedProject {
  readonly project?: MigrationProject;
  /** The target's history joined with the files. */
  readonly states?: readonly MigrationState[];
  readonly notes: readonly string[];
}

// Watching logs needs no migrations folder; without one, events are classified but not attributed.
const NO_PROJECT = new Set(['DIR_NOT_FOUND', 'LAYOUT_UNKNOWN', 'NO_MIGRATIONS']);

/** The migrations and the target's history, when there is something to attribute events to. */
export async function loadWatchedProject(
  options: {
    readonly dir?: string;
    readonly dirLabel?: string;
    readonly format?: MigrationFormatId;
    readonly migrations?: readonly string[];
  },
  target: ConnectedTarget | undefined,
  spec: TargetSpec | undefined,
): Promise<WatchedProject> {
  const named = (options.migrations?.length ?? 0) > 0;
  if (!target && !named) return { notes: ['no target and no --migration: events are classified, not attributed to a deploy'] };
  let project: MigrationProject;
  try {
    project = await loadMigrationProject({ dir: options.dir ?? process.cwd(), format: options.format, dirLabel: options.dirLabel });
  } catch (error) {
    if (named || !isPgPreflightError(error) || !NO_PROJECT.has(error.code)) throw error;
    return { notes: [`${error.message}: events are classified, not attributed to a deploy`] };
  }
  if (!target || !spec) return { project, notes: [] };
  const { states } = await readMigrationStates(target.client, project, spec);
  return { project, states, notes: [] };
}
