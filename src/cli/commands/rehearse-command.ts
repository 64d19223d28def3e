import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import { registerSecretsInUrl } from '../../core/redact-secrets.js';
import type { RehearseResult } from '../../report/rehearse-result.js';
import { renderRehearseText } from '../../report/render-rehearse-text.js';
import type { CliIo } from '../cli-io.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { parseWholeNumber } from '../parse-whole-number.js';
import { runCommand } from '../run-command.js';

interface RehearseCommandOptions extends GlobalOptions {
  readonly latest?: string;
  readonly shadowUrl?: string;
  readonly record: boolean;
  readonly sample?: string;
}

export function registerRehearseCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('rehearse')
    .argument('[migrations...]', 'rehearse only these pending migrations')
    .description('staging in one command: critical workflows before and after each pending migration, on a shadow')
    .option('--latest <n>', 'without a target: how many of the newest migrations to rehearse (default 1)')
    .option('--shadow-url <url>', 'rehearse on a scratch database created (and dropped) on this PostgreSQL server')
    .option(
      '--record',
      "record the outcome in the target's pgpreflight.runs (a production deploy of a level-3 migration needs a green one from staging)",
      false,
    )
    .option('--sample <n>', 'a production-shaped shadow: copy up to n rows per table from the target (read-only), masked per config `mask`')
    .addHelpText(
      'after',
      `
Workflows come from the config (workflows: [{ name, sql: 'file.sql' } | { name, run: async (db) => … }]);
each runs in its own transaction, rolled back, with a timeout. A workflow that passes before a
migration and fails after it is an error naming both, with the SQLSTATE and the constraint.

Each statement is timed and its table rewrites recorded; on a server shadow its locks are traced.
--sample fills the shadow with up to n rows per table from the target, closed under foreign keys,
plus every row a pending migration's data probe flags; columns matching config \`mask\` patterns
(e.g. "email", "*_token", "users.phone") get deterministic fakes.

Examples:
  pgpreflight rehearse
  pgpreflight rehearse --env staging --shadow-url postgres://ci@localhost/postgres
  pgpreflight rehearse --env production --sample 10000`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (names: string[], options: RehearseCommandOptions) => {
    done(
      await runCommand<RehearseResult>(
        {
          name: 'rehearse',
          execute: async (context) => {
            const latest = parseWholeNumber('--latest', options.latest, 1, '--latest 2 rehearses the two newest migrations');
            const sample = parseWholeNumber('--sample', options.sample, 1, '--sample 10000 copies up to 10,000 rows per table');
            if (options.shadowUrl !== undefined) registerSecretsInUrl(options.shadowUrl);
            const { loadWorkflows } = await import('../../commands/rehearse/load-workflows.js');
            const { rehearse } = await import('../../commands/rehearse/rehearse.js');
            const { runActor } = await import('../../migrations/run-records.js');
            if (options.record && !context.target) {
              const { PgPreflightError } = await import('../../core/pgpreflight-error.js');
              throw new PgPreflightError('USAGE', '--record needs a target: the rehearsal is recorded in its pgpreflight.runs', {
                hint: 'pass --env staging (or --url) with --record',
              });
            }
            const workflows = await loadWorkflows(
              context.config.workflows,
              context.configFile ? path.dirname(context.configFile) : context.dir,
            );
            return rehearse({
              dir: context.dir,
              dirLabel: context.dirLabel,
              workflows,
              ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
              ...(context.target
                ? { url: context.target.url, ...(context.target.environment ? { environment: context.target.environment } : {}) }
                : {}),
              ...(names.length ? { only: names } : {}),
              ...(latest ? { latest } : {}),
              ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
              ...(options.record ? { record: { actor: runActor(context.env) } } : {}),
              ...(sample ? { sample } : {}),
              ...(context.config.mask ? { mask: context.config.mask } : {}),
              ...(context.rules ? { severities: context.rules } : {}),
            });
          },
          renderText: (result, context) => renderRehearseText(result, { colors: context.colors, cwd: context.io.cwd }),
          quietLine: (result) =>
            `${result.summary.errors} errors, ${result.summary.warnings} warnings; ${result.summary.workflows} workflow(s) over ${result.summary.pending} migration(s)`,
          exitCode: (result) => (result.summary.errors > 0 ? ExitCode.findings : ExitCode.ok),
        },
        io,
        options,
      ),
    );
  });
}
