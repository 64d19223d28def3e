import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import { registerSecretsInUrl } from '../../core/redact-secrets.js';
import type { ResolveResult } from '../../report/resolve-result.js';
import { renderResolveText, renderRollbackText } from '../../report/render-rollback-text.js';
import type { RollbackResult } from '../../report/rollback-result.js';
import type { CliIo } from '../cli-io.js';
import { requireTarget } from '../command-context.js';
import { confirmProduction, guardedTarget } from '../confirm-production.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { runCommand } from '../run-command.js';

interface GuardedOptions extends GlobalOptions {
  readonly yes: boolean;
}

/** `rollback [MIGRATION]`: the rollback of the newest (or named) applied migration, on the target. */
export function addRollbackRun(command: Command, io: CliIo, done: (code: number) => void): void {
  command
    .argument('[migration]', 'the applied migration to roll back (default: the newest applied one)')
    .option('--yes', 'confirm on production without the prompt (only together with --env naming it)', false)
    .option('--backup', 'take a verified pg_dump first (always on production)', false)
    .option('--shadow-url <url>', 'build the shadow that holds the previous definitions on a scratch database on this server')
    .addHelpText(
      'after',
      `
Runs the migration's rollback (Prisma <migration>/down.sql, Supabase supabase/rollbacks/<file>,
plain SQL <name>.down.sql; golang-migrate .down.sql, Flyway U<version>__, dbmate -- migrate:down)
under the deploy lock, after the blocker check and — on production — a typed confirmation and a
verified backup. The objects the migration touched are then compared with a shadow holding only
the migrations before it; only when they match is history changed (Prisma:
rolled_back_at; Supabase: the version row removed), so the next deploy applies it again.

Exit code 0 rolled back, 1 refused or incomplete, 2 usage, 3 unreachable.

Examples:
  pgpreflight rollback --env staging
  pgpreflight rollback 20251104000000_physical_count --env production --yes`,
    );
  addGlobalOptions(command, ['text', 'json']).action(
    async (migration: string | undefined, options: GuardedOptions & { backup: boolean; shadowUrl?: string }) => {
      done(
        await runCommand<RollbackResult>(
          {
            name: 'rollback',
            execute: async (context) => {
              const target = requireTarget(context);
              if (options.shadowUrl !== undefined) registerSecretsInUrl(options.shadowUrl);
              const { rollback } = await import('../../commands/rollback/rollback.js');
              const { runActor } = await import('../../migrations/run-records.js');
              return rollback({
                ...guardedTarget(context, target),
                ...(migration ? { migration } : {}),
                confirm: async (what) => {
                  await confirmProduction(context, target, {
                    action: `roll back ${what.migration} (${what.rollback}) on`,
                    yes: options.yes,
                  });
                  return true;
                },
                backup: options.backup,
                ...(context.config.backup?.dir ? { backupDir: context.config.backup.dir } : {}),
                ...(context.config.backup?.pgDump ? { pgDump: context.config.backup.pgDump } : {}),
                ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
                actor: runActor(context.env),
              });
            },
            renderText: (result, context) => renderRollbackText(result, { colors: context.colors, cwd: context.io.cwd }),
            quietLine: (result) => `${result.outcome}: ${result.migration.id}`,
            exitCode: (result) => (result.outcome === 'rolled-back' ? ExitCode.ok : ExitCode.findings),
          },
          io,
          options,
        ),
      );
    },
  );
}

export function registerResolveCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('resolve')
    .argument('<migration>', 'the failed or interrupted migration')
    .description('record that a failed migration was completed by hand (--applied) or undone (--rolled-back), as the tool itself would')
    .option('--applied', 'it was completed by hand: record it as applied')
    .option('--rolled-back', 'what remained of it was undone: the next deploy applies it again')
    .option('--yes', 'confirm on production without the prompt (only together with --env naming it)', false)
    .addHelpText(
      'after',
      `
Like \`prisma migrate resolve\`, for every tool: Prisma rows are marked rolled back or inserted as
applied exactly as Prisma does; Supabase versions are inserted or removed as \`supabase migration
repair\` does. Also closes a deploy run that a kill left half-way through a non-transactional migration.

Examples:
  pgpreflight resolve 20251104000000_physical_count --rolled-back --env staging
  pgpreflight resolve 20251104000000_physical_count --applied --env production --yes`,
    );
  addGlobalOptions(command, ['text', 'json']).action(
    async (migration: string, options: GuardedOptions & { applied?: boolean; rolledBack?: boolean }) => {
      done(
        await runCommand<ResolveResult>(
          {
            name: 'resolve',
            execute: async (context) => {
              const { PgPreflightError } = await import('../../core/pgpreflight-error.js');
              if (options.applied === options.rolledBack) {
                throw new PgPreflightError('USAGE', 'resolve needs exactly one of --applied or --rolled-back', {
                  hint: '--applied if you completed the migration by hand, --rolled-back if you undid what it left',
                });
              }
              const target = requireTarget(context);
              const { resolve } = await import('../../commands/resolve/resolve.js');
              const { runActor } = await import('../../migrations/run-records.js');
              return resolve({
                ...guardedTarget(context, target),
                migration,
                as: options.applied ? 'applied' : 'rolled-back',
                confirm: async (what) => {
                  await confirmProduction(context, target, { action: `mark ${what.migration} as ${what.as} on`, yes: options.yes });
                  return true;
                },
                actor: runActor(context.env),
              });
            },
            renderText: (result, context) => renderResolveText(result, { colors: context.colors, cwd: context.io.cwd }),
            quietLine: (result) => `${result.migration.id}: ${result.before} → ${result.after}`,
            exitCode: () => ExitCode.ok,
          },
          io,
          options,
        ),
      );
    },
  );
}
