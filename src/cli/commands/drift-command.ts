import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import { registerSecretsInUrl } from '../../core/redact-secrets.js';
import type { DriftResult } from '../../report/drift-result.js';
import { renderDriftText } from '../../report/render-drift-text.js';
import type { CliIo } from '../cli-io.js';
import { requireTarget } from '../command-context.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { runCommand } from '../run-command.js';

interface DriftCommandOptions extends GlobalOptions {
  readonly shadowUrl?: string;
  readonly writeAllowlist: boolean;
}

export function registerDriftCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('drift')
    .description("the target's schema against the schema its applied migrations produce, with remediation SQL")
    .option('--shadow-url <url>', 'replay the migrations on a scratch database created (and dropped) on this PostgreSQL server')
    .option('--write-allowlist', "print the config snippet (drift.allow) that accepts today's drift", false)
    .addHelpText(
      'after',
      `
The applied migrations are replayed on the shadow and compared with the target object by object:
schemas, tables, columns, constraints, indexes, enums, views, functions, triggers, sequences,
policies and extensions. Each item is missing (on the target), extra (on the target) or different,
with the SQL that brings the target back — and for an extra object the CREATE a migration would
need to adopt it. Known drift is listed in the config with a reason:
  drift: { allow: [{ object: 'index "Order_status_idx"', reason: 'hotfix during the 2024 outage' }] }

Exit code 1 on drift not in the allowlist. Reads the target in a read-only transaction.

Examples:
  pgpreflight drift
  pgpreflight drift --env production --format json
  pgpreflight drift --write-allowlist > drift-allow.json`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (options: DriftCommandOptions) => {
    done(
      await runCommand<DriftResult>(
        {
          name: 'drift',
          execute: async (context) => {
            const target = requireTarget(context);
            if (options.shadowUrl !== undefined) registerSecretsInUrl(options.shadowUrl);
            const { drift } = await import('../../commands/drift/drift.js');
            return drift({
              dir: context.dir,
              dirLabel: context.dirLabel,
              url: target.url,
              allow: context.config.drift?.allow ?? [],
              writeAllowlist: options.writeAllowlist,
              ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
              ...(target.environment ? { environment: target.environment } : {}),
              ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
            });
          },
          renderText: (result, context) => renderDriftText(result, { colors: context.colors, cwd: context.io.cwd }),
          quietLine: (result) =>
            result.summary.unexpected === 0
              ? `no unexpected drift (${result.summary.allowed} allowed)`
              : `${result.summary.unexpected} unexpected drift item(s): ${result.summary.missing} missing, ${result.summary.extra} extra, ${result.summary.different} different`,
          exitCode: (result) => (result.allowlist !== undefined || result.summary.unexpected === 0 ? ExitCode.ok : ExitCode.findings),
        },
        io,
        options,
      ),
    );
  });
}
