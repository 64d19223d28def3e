import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import type { LintResult } from '../../report/lint-result.js';
import { renderLintText } from '../../report/render-lint-text.js';
import type { CliIo } from '../cli-io.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { lintThresholds } from '../lint-thresholds.js';
import { parseWholeNumber } from '../parse-whole-number.js';
import { runCommand } from '../run-command.js';

export function registerLintCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('lint')
    .argument('[files...]', 'SQL files to lint (default: the migrations of the project)')
    .description('lock-aware static rules on migration SQL; no database needed, sharper with one')
    .option('--latest <n>', 'lint the newest N migrations as the pending ones (tables they create are new for those after)')
    .addHelpText(
      'after',
      `
Without files, every migration of the project is linted on its own; with --latest N the newest N are
treated as the pending batch; with a target (--url, --env, DATABASE_URL) the pending migrations come
from its history and lock rules scale with each table's real size. Rules: pgpreflight rules.
Suppress one statement with a comment before it:  -- pgpreflight-ignore <rule-id>: <reason>

Exit code 1 when an error-level finding remains.

Examples:
  pgpreflight lint prisma/migrations/20251104000000_physical_count/migration.sql
  pgpreflight lint --latest 1 --format json
  pgpreflight lint --env production`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (files: string[], options: GlobalOptions & { latest?: string }) => {
    done(
      await runCommand<LintResult>(
        {
          name: 'lint',
          execute: async (context) => {
            const { lint } = await import('../../commands/lint.js');
            const latest = parseWholeNumber('--latest', options.latest, 1, '--latest 1 lints the newest migration');
            const thresholds = context.config.lint;
            return lint({
              dir: context.dir,
              dirLabel: context.dirLabel,
              cwd: context.io.cwd,
              files,
              ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
              ...(context.target
                ? { url: context.target.url, ...(context.target.environment ? { environment: context.target.environment } : {}) }
                : {}),
              ...(latest ? { latest } : {}),
              ...(context.rules ? { severities: context.rules } : {}),
              ...(thresholds ? { thresholds: lintThresholds(thresholds) } : {}),
              ...(thresholds?.postgresVersion !== undefined ? { postgresVersion: thresholds.postgresVersion } : {}),
            });
          },
          renderText: (result, context) => renderLintText(result, { colors: context.colors }),
          quietLine: (result) => `${result.summary.errors} errors, ${result.summary.warnings} warnings in ${result.summary.files} file(s)`,
          exitCode: (result) => (result.summary.errors > 0 ? ExitCode.findings : ExitCode.ok),
        },
        io,
        options,
      ),
    );
  });
}
