import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import type { IncidentResult } from '../../report/incident-result.js';
import { shownPath } from '../../report/shown-path.js';
import { renderIncidentText } from '../../report/render-incident-text.js';
import type { CliIo } from '../cli-io.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { projectRootOf } from '../project-root.js';
import { runCommand } from '../run-command.js';

interface IncidentCommandOptions extends GlobalOptions {
  readonly from?: string;
  readonly migration?: string;
  readonly slug?: string;
}

export function registerIncidentCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('incident')
    .description('writes docs/HOTFIX-YYYYMMDD-<slug>.md prefilled from a failed migration, with prompts for the human parts')
    .option(
      '--from <file>',
      'a pgpreflight JSON report to read the failure from (check, rehearse, status, deploy: --format json --output FILE)',
    )
    .option('--migration <id>', 'the migration to report on (default: the one the report names, else the newest failed one in the history)')
    .option('--slug <slug>', 'the last part of the file name (default: from the migration name)')
    .addHelpText(
      'after',
      `
The report has the protocol's sections — what broke, timeline, root cause, fix applied, how to
prevent it, lessons — with the facts filled in (environment, target, migration, failing statement,
SQLSTATE, constraint, rows, findings, rollback, backup) and "> TODO(person): …" prompts for the rest.
With a target (--url, --env, or DATABASE_URL when no --from is given), its migration history is
read (read-only) for the newest failed migration and what its tool logged. An existing report is
never overwritten (-2, -3… are added). No password is ever written.

Examples:
  pgpreflight incident --env production                       # from _prisma_migrations' failed row
  pgpreflight check --format json --output check.json; pgpreflight incident --from check.json
  pgpreflight incident --slug checkout-outage                 # the template alone`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (options: IncidentCommandOptions) => {
    done(
      await runCommand<IncidentResult>(
        {
          name: 'incident',
          execute: async (context) => {
            const projectRoot = await projectRootOf(context);
            // DATABASE_URL alone is not a request to read history when a report says what happened.
            const target =
              context.target && (options.from === undefined || options.url !== undefined || options.env !== undefined)
                ? context.target
                : undefined;
            const { incident } = await import('../../commands/incident/incident.js');
            return incident({
              projectRoot,
              dir: context.dir,
              dirLabel: context.dirLabel,
              ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
              ...(target ? { url: target.url, ...(target.environment ? { environment: target.environment } : {}) } : {}),
              ...(options.from !== undefined ? { from: path.resolve(context.io.cwd, options.from), fromLabel: options.from } : {}),
              ...(options.migration !== undefined ? { migration: options.migration } : {}),
              ...(options.slug !== undefined ? { slug: options.slug } : {}),
            });
          },
          renderText: (result, context) => renderIncidentText(result, { colors: context.colors, cwd: context.io.cwd }),
          quietLine: (result, context) => shownPath(result.file, context.io.cwd),
          exitCode: () => ExitCode.ok,
        },
        io,
        options,
      ),
    );
  });
}
