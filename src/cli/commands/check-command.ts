import type { Command } from 'commander';
import type { CheckProgress } from '../../commands/check/check.js';
import { ExitCode } from '../../core/exit-code.js';
import { registerSecretsInUrl } from '../../core/redact-secrets.js';
import type { CheckResult } from '../../report/check-result.js';
import { renderCheckText } from '../../report/render-check-text.js';
import type { CliIo } from '../cli-io.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { progressLine } from '../progress-line.js';
import { lintThresholds } from '../lint-thresholds.js';
import { parseWholeNumber } from '../parse-whole-number.js';
import { runCommand } from '../run-command.js';

interface CheckCommandOptions extends GlobalOptions {
  readonly latest?: string;
  readonly probeTimeout?: string;
  readonly shadowUrl?: string;
}

export function registerCheckCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('check')
    .argument('[migrations...]', 'check only these pending migrations (ids as `status` lists them)')
    .description('preflight of pending migrations: what each changes on the target, which existing rows break it, its safety level')
    .option('--latest <n>', 'without a target: how many of the newest migrations to treat as pending (default 1)')
    .option(
      '--shadow-url <url>',
      'apply the migrations on a scratch database created (and dropped) on this PostgreSQL server instead of the embedded shadow',
    )
    .option('--probe-timeout <ms>', 'statement_timeout of each data probe on the target, in milliseconds (default 30000)')
    .addHelpText(
      'after',
      `
With a target (--url, --env or DATABASE_URL), the pending migrations are those the target's history
says the next deploy runs. Each is applied on an embedded shadow holding the applied migrations,
its effects are read from the catalog, and the rows on the target that would make it fail are
counted and sampled — read-only, with statement and lock timeouts.

Without a target, the newest migration (or --latest N, or the ones named) is checked on the shadow
alone, and the output says the data probes were skipped.

Exit code 1 when any error-level finding remains.

Examples:
  pgpreflight check                                   # DATABASE_URL from the environment or .env
  pgpreflight check --env production --format json
  pgpreflight check 20251104000000_physical_count --url postgres://…
  pgpreflight check --latest 3                        # in CI, no database`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (names: string[], options: CheckCommandOptions) => {
    const progress = progressLine(io, !options.quiet && options.format === 'text');
    done(
      await runCommand<CheckResult>(
        {
          name: 'check',
          execute: async (context) => {
            try {
              // Loaded when the command runs: start-up pays only for the command used.
              const { check } = await import('../../commands/check/check.js');
              return await check({
                dir: context.dir,
                dirLabel: context.dirLabel,
                ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
                ...(context.target ? { url: context.target.url } : {}),
                ...(context.target?.environment ? { environment: context.target.environment } : {}),
                ...(names.length ? { only: names } : {}),
                ...(options.shadowUrl !== undefined ? { shadowUrl: shadowUrl(options.shadowUrl) } : {}),
                ...(context.config.source ? { source: context.config.source } : {}),
                ...(context.rules ? { severities: context.rules } : {}),
                ...(context.config.lint ? { thresholds: lintThresholds(context.config.lint) } : {}),
                ...(options.latest !== undefined
                  ? { latest: parseWholeNumber('--latest', options.latest, 1, '--latest 3 checks the three newest migrations')! }
                  : {}),
                ...(options.probeTimeout !== undefined
                  ? {
                      probeTimeoutMs: parseWholeNumber(
                        '--probe-timeout',
                        options.probeTimeout,
                        100,
                        '--probe-timeout 120000 allows two minutes per probe',
                      )!,
                    }
                  : {}),
                onProgress: (event) => progress.update(describeProgress(event)),
              });
            } finally {
              progress.clear();
            }
          },
          renderText: (result, context) => renderCheckText(result, { colors: context.colors, cwd: context.io.cwd }),
          quietLine: (result) =>
            `${result.summary.errors} errors, ${result.summary.warnings} warnings in ${result.migrations.length} pending migration(s)${
              result.summary.level === null ? '' : `, level ${result.summary.level}`
            }`,
          exitCode: (result) => (result.summary.errors > 0 ? ExitCode.findings : ExitCode.ok),
        },
        io,
        options,
      ),
    );
  });
}

function describeProgress(event: CheckProgress): string {
  switch (event.phase) {
    case 'shadow':
      return `building the embedded shadow: ${event.done}/${event.total} applied migrations replayed`;
    case 'apply':
      return `applying ${event.migration} on the shadow`;
    case 'probe':
      return `probing ${event.table}${event.estimatedRows ? ` (~${event.estimatedRows.toLocaleString('en')} rows)` : ''} on the target`;
  }
}

function shadowUrl(url: string): string {
  // Its password is a secret like the target's: redacted from every output.
  registerSecretsInUrl(url);
  return url;
}
