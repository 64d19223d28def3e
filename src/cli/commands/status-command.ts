import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import { renderStatusText } from '../../report/render-status-text.js';
import type { StatusResult } from '../../report/status-result.js';
import type { CliIo } from '../cli-io.js';
import { requireTarget } from '../command-context.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { runCommand } from '../run-command.js';

export function registerStatusCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('status')
    .description('every migration: applied, pending, failed, rolled back, modified after apply, or missing on disk')
    .option('--all', 'list every applied migration instead of folding long runs', false)
    .option('--no-drift', 'skip the drift line (it compares with the expected schema cached by drift; it never replays migrations itself)')
    .addHelpText(
      'after',
      `
Exit code 0 when every migration is applied and unchanged, 1 otherwise, 2 for a usage or config
error, 3 when the database cannot be reached.

Examples:
  pgpreflight status                                   # DATABASE_URL from the environment or .env
  pgpreflight status --format json
  pgpreflight status --dir db/migrations --url postgres://app@db:5432/app
  pgpreflight status --env production`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (options: GlobalOptions & { all: boolean; drift: boolean }) => {
    done(
      await runCommand<StatusResult>(
        {
          name: 'status',
          execute: async (context) => {
            const target = requireTarget(context);
            const { status } = await import('../../commands/status.js');
            return status({
              dir: context.dir,
              dirLabel: context.dirLabel,
              url: target.url,
              ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
              ...(target.environment ? { environment: target.environment } : {}),
              drift: options.drift ? { allow: context.config.drift?.allow ?? [] } : false,
            });
          },
          renderText: (result, context) => renderStatusText(result, { colors: context.colors, cwd: context.io.cwd, all: options.all }),
          quietLine: (result) =>
            result.summary.upToDate ? `up to date (${result.summary.total} applied)` : `not up to date: ${notApplied(result)}`,
          exitCode: (result) => (result.summary.upToDate ? ExitCode.ok : ExitCode.findings),
        },
        io,
        options,
      ),
    );
  });
}

function notApplied(result: StatusResult): string {
  const s = result.summary;
  return (['pending', 'failed', 'rolled-back', 'modified', 'missing'] as const)
    .filter((key) => s[key] > 0)
    .map((key) => `${s[key]} ${key}`)
    .join(', ');
}
