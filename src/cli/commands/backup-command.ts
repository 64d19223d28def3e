import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import type { BackupResult } from '../../report/backup-result.js';
import { renderBackupText } from '../../report/render-backup-text.js';
import { shownPath } from '../../report/shown-path.js';
import type { CliIo } from '../cli-io.js';
import { requireTarget } from '../command-context.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { projectRootOf } from '../project-root.js';
import { runCommand } from '../run-command.js';

interface BackupCommandOptions extends GlobalOptions {
  readonly backupDir?: string;
  readonly pgDump?: string;
  readonly pgRestore?: string;
}

export function registerBackupCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('backup')
    .description('a verified pg_dump (custom format) of the target, in a file only you can read')
    .option('--backup-dir <dir>', 'folder for the backup (default: backup.dir in the config, else .pgpreflight/backups)')
    .option('--pg-dump <path>', 'the pg_dump to use (default: backup.pgDump, else the newest fitting one found)')
    .option('--pg-restore <path>', 'the pg_restore that verifies the archive (default: backup.pgRestore, else found)')
    .addHelpText(
      'after',
      `
The archive is written to <env-or-database>-<UTC time>.dump with mode 0600, checked with
pg_restore --list, and only then given its name: a failed dump leaves no file. pg_dump must be at
least as new as the server. The password reaches pg_dump in its environment, never on its command line.

Exit code 0 when the backup is written and verified, 2 for a usage or config error (a pglite:
target), 3 when the database cannot be reached or pg_dump fails or is too old.

Examples:
  pgpreflight backup --env production
  pgpreflight backup --url postgres://deploy@db:5432/app --backup-dir /var/backups/app
  file=$(pgpreflight backup --env staging --quiet)      # prints only the file`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (options: BackupCommandOptions) => {
    done(
      await runCommand<BackupResult>(
        {
          name: 'backup',
          execute: async (context) => {
            const target = requireTarget(context);
            const projectRoot = await projectRootOf(context);
            const setting = context.config.backup ?? {};
            const { backup } = await import('../../commands/backup/backup.js');
            return backup({
              url: target.url,
              ...(target.environment ? { environment: target.environment } : {}),
              projectRoot,
              dir:
                fromFlagOrConfig(options.backupDir, setting.dir, context.io.cwd, projectRoot) ??
                path.join(projectRoot, '.pgpreflight/backups'),
              pgDump: fromFlagOrConfig(options.pgDump, setting.pgDump, context.io.cwd, projectRoot),
              pgRestore: fromFlagOrConfig(options.pgRestore, setting.pgRestore, context.io.cwd, projectRoot),
              env: context.env,
            });
          },
          renderText: (result, context) => renderBackupText(result, { colors: context.colors, cwd: context.io.cwd }),
          // Just the file, for scripts: file=$(pgpreflight backup --quiet)
          quietLine: (result, context) => shownPath(result.file, context.io.cwd),
          exitCode: () => ExitCode.ok,
        },
        io,
        options,
      ),
    );
  });
}

/** A flag is relative to where the user is; a config setting to the project it belongs to. */
export function fromFlagOrConfig(
  flag: string | undefined,
  setting: string | undefined,
  cwd: string,
  projectRoot: string,
): string | undefined {
  if (flag !== undefined) return path.resolve(cwd, flag);
  if (setting !== undefined) return path.resolve(projectRoot, setting);
  return undefined;
}
