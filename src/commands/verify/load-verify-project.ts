import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { loadMigrationProject, type MigrationProject } from '../../migrations/load-migration-project.js';
import type { MigrationFormatId } from '../../migrations/migration.js';

export interface LoadVerifyProjectOptions {
  readonly dir?: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  readonly migrationsOptional?: boolean;
}

/**
 * The migrations project whose objects verify expects on the target. A folder without a known
 * layout is an error when the user named it; for the default folder verify runs the rest of its
 * checks and says why the migrations were not compared.
 */
export async function loadVerifyProject(
  options: LoadVerifyProjectOptions & { readonly dir: string },
): Promise<{ readonly project: MigrationProject } | { readonly reason: string }> {
  try {
    return {
      project: await loadMigrationProject({
        dir: options.dir,
        ...(options.format ? { format: options.format } : {}),
        ...(options.dirLabel ? { dirLabel: options.dirLabel } : {}),
      }),
    };
  } catch (error) {
    if (
      options.migrationsOptional &&
      error instanceof PgPreflightError &&
      (error.code === 'LAYOUT_UNKNOWN' || error.code === 'NO_MIGRATIONS')
    ) {
      return { reason: `no migrations found in ${options.dirLabel ?? options.dir} (pass --dir to compare with them)` };
    }
    throw error;
  }
}
