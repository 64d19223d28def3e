import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import { renderRestoreText } from '../../report/render-restore-text.js';
import type { RestoreResult } from '../../report/restore-result.js';
import type { CliIo } from '../cli-io.js';
import { requireTarget } from '../command-context.js';
import { confirmProduction, productionEnvironment } from '../confirm-production.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { projectRootOf } from '../project-root.js';
import { runCommand } from '../run-command.js';
import { fromFlagOrConfig } from './backup-command.js';

interface RestoreCommandOptions extends GlobalOptions {
  readonly create: boolean;
  readonly clean: boolean;
  readonly owner: boolean;
  readonly yes: boolean;
  readonly pgRestore?: string;
}

export function registerRestoreCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('restore')
    .argument('<file>', 'a backup: a pg_dump custom-format archive (pgpreflight backup writes one)')
    .description('restores a backup into a named database (--url / --env), after reading it back with pg_restore --list')
    .option('--create', 'create the destination database when it does not exist', false)
    .option('--clean', 'drop the objects the backup holds before recreating them (required when the database holds tables)', false)
    .option('--no-owner', "do not restore ownership (for a server without the source's roles)")
    .option('--yes', 'confirm a production destination without a prompt; only together with --env <name>', false)
    .option('--pg-restore <path>', 'the pg_restore to use (default: backup.pgRestore, else the newest fitting one found)')
    .addHelpText(
      'after',
      `
A production environment (environments.<name>.production: true in the config, or a URL reaching
the same database) is restored into only after you type its database name at the prompt, or with
--yes together with an explicit --env <name>. pg_restore runs in one transaction and stops at the
first error: a failed restore changes nothing (a database made by --create is dropped again).

Exit code 0 when restored, 2 for a usage error (no confirmation, a database that holds tables
without --clean, a file that is not an archive), 3 when the database cannot be reached or pg_restore fails.

Examples:
  pgpreflight restore .pgpreflight/backups/production-20261202T101500Z.dump --url postgres://me@localhost/app_copy --create
  pgpreflight restore backup.dump --env staging --clean
  pgpreflight restore backup.dump --env production --yes --clean     # unattended, production`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (file: string, options: RestoreCommandOptions) => {
    done(
      await runCommand<RestoreResult>(
        {
          name: 'restore',
          execute: async (context) => {
            const target = requireTarget(context);
            const projectRoot = await projectRootOf(context);
            const { restore } = await import('../../commands/restore/restore.js');
            const guard = { action: `restore ${path.basename(file)} into`, yes: options.yes };
            return restore({
              file: path.resolve(context.io.cwd, file),
              url: target.url,
              ...(target.environment ? { environment: target.environment } : {}),
              create: options.create,
              clean: options.clean,
              noOwner: !options.owner,
              production: productionEnvironment(context, target) !== undefined,
              confirm: async () => (await confirmProduction(context, target, guard)).confirmedBy,
              pgRestore: fromFlagOrConfig(options.pgRestore, context.config.backup?.pgRestore, context.io.cwd, projectRoot),
              env: context.env,
            });
          },
          renderText: (result, context) => renderRestoreText(result, { colors: context.colors, cwd: context.io.cwd }),
          quietLine: (result) => `restored ${result.archive.objects} objects into ${result.target.database}`,
          exitCode: () => ExitCode.ok,
        },
        io,
        options,
      ),
    );
  });
}
