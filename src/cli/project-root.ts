import path from 'node:path';
import type { CommandContext } from './command-context.js';

/**
 * The folder files that belong to the project go in (backups, docs/HOTFIX-…): the config file's
 * folder, else the root of the migration layout found in `--dir`, else `--dir` (or the current
 * folder) itself. `--dir prisma/migrations` thus still writes next to prisma/, not inside it.
 */
export async function projectRootOf(context: CommandContext): Promise<string> {
  if (context.configFile) return path.dirname(context.configFile);
  const { MIGRATION_FORMATS } = await import('../migrations/migration-formats.js');
  const formats = MIGRATION_FORMATS.filter((format) => !context.migrationFormat || format.id === context.migrationFormat);
  for (const format of formats) {
    const layout = await format.detect(context.dir).catch(() => undefined);
    if (layout) return layout.projectRoot;
  }
  return context.dir;
}
