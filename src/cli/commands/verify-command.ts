import type { Command } from 'commander';
import type { VerifyOptions } from '../../commands/verify/verify.js';
import { effectiveRules } from '../../config/effective-rules.js';
import type { ResolvedConfig } from '../../config/config-schema.js';
import type { VerifyProgress } from '../../commands/verify/verify.js';
import { ExitCode } from '../../core/exit-code.js';
import { renderVerifyText } from '../../report/render-verify-text.js';
import type { VerifyResult } from '../../report/verify-result.js';
import type { CliIo } from '../cli-io.js';
import { requireTarget } from '../command-context.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { parseWholeNumber } from '../parse-whole-number.js';
import { progressLine } from '../progress-line.js';
import { runCommand } from '../run-command.js';

interface VerifyCommandOptions extends GlobalOptions {
  readonly queryTimeout?: string;
}

export function registerVerifyCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('verify')
    .description('invariants, duplicate keys, expected constraints and indexes, and built-in health checks on the target (read-only)')
    .option(
      '--query-timeout <ms>',
      'statement_timeout of each query on the target, in milliseconds (default 30000, or verify.queryTimeoutMs)',
    )
    .addHelpText(
      'after',
      `
The runbook's validate / check-duplicates / verify-constraints scripts, for any project:
  invariants   config invariants: [{ name, sql }] — every row a query returns is a violation
  duplicates   config unique: [{ table, columns, where?, nullsNotDistinct? }]
  expected     every constraint and index the applied migrations create (replayed on the embedded
               shadow) exists and is valid on the target; config expect: { constraints, indexes }
  health       INVALID indexes, NOT VALID constraints, sequences near their limit or behind their
               column, unindexed foreign keys on big tables, SECURITY DEFINER functions without
               search_path, row-level security without a policy

Everything runs in READ ONLY transactions with statement and lock timeouts; nothing is written.
Exit code 1 when any check finds an error-level violation, 0 otherwise.

Examples:
  pgpreflight verify                                  # DATABASE_URL from the environment or .env
  pgpreflight verify --env production --format json
  pgpreflight verify --url postgres://… --query-timeout 120000`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (options: VerifyCommandOptions) => {
    const progress = progressLine(io, !options.quiet && options.format === 'text');
    done(
      await runCommand<VerifyResult>(
        {
          name: 'verify',
          execute: async (context) => {
            const target = requireTarget(context);
            const config = context.config;
            const queryTimeoutMs =
              parseWholeNumber('--query-timeout', options.queryTimeout, 100, '--query-timeout 120000 allows two minutes per query') ??
              config.verify?.queryTimeoutMs;
            try {
              const { verify } = await import('../../commands/verify/verify.js');
              return await verify({
                url: target.url,
                ...(target.environment ? { environment: target.environment } : {}),
                dir: context.dir,
                dirLabel: context.dirLabel,
                ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
                // The current folder may be any folder; a folder the user named must hold migrations.
                migrationsOptional: !options.dir && !config.migrations?.dir,
                ...verifyConfigOptions(config),
                ...(queryTimeoutMs !== undefined ? { queryTimeoutMs } : {}),
                onProgress: (event) => progress.update(describeProgress(event)),
              });
            } finally {
              progress.clear();
            }
          },
          renderText: (result, context) => renderVerifyText(result, { colors: context.colors, cwd: context.io.cwd }),
          quietLine: (result) =>
            result.summary.errors || result.summary.warnings
              ? `${result.summary.failed} of ${result.summary.checks} checks failed, ${result.summary.warned} with warnings (${result.summary.errors} errors, ${result.summary.warnings} warnings)`
              : `all ${result.summary.checks - result.summary.skipped} checks pass`,
          exitCode: (result) => (result.summary.errors > 0 ? ExitCode.findings : ExitCode.ok),
        },
        io,
        options,
      ),
    );
  });
}

function describeProgress(event: VerifyProgress): string {
  switch (event.phase) {
    case 'shadow':
      return `building the embedded shadow: ${event.done}/${event.total} applied migrations replayed`;
    case 'invariant':
      return `invariant: ${event.name}`;
    case 'table':
      return `reading ${event.table}${event.estimatedRows ? ` (~${event.estimatedRows.toLocaleString('en')} rows)` : ''} on the target`;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The config's checks as verify's options (shared with `deploy`, which verifies after applying). */
export function verifyConfigOptions(
  config: ResolvedConfig,
): Pick<VerifyOptions, 'invariants' | 'unique' | 'expect' | 'thresholds' | 'severities'> {
  return {
    ...(config.invariants ? { invariants: config.invariants } : {}),
    ...(config.unique ? { unique: config.unique } : {}),
    ...(config.expect ? { expect: config.expect } : {}),
    thresholds: {
      ...(config.verify?.sequenceHeadroomPercent !== undefined ? { sequenceHeadroomPercent: config.verify.sequenceHeadroomPercent } : {}),
      ...(config.verify?.unindexedForeignKeyMinRows !== undefined
        ? { unindexedForeignKeyMinRows: config.verify.unindexedForeignKeyMinRows }
        : {}),
    },
    ...optional('severities', effectiveRules(config)),
  };
}
