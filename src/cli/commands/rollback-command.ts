import type { Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import { registerSecretsInUrl } from '../../core/redact-secrets.js';
import { renderRollbackGenerateText } from '../../report/render-rollback-generate-text.js';
import type { RollbackGenerateResult } from '../../report/rollback-generate-result.js';
import type { CliIo } from '../cli-io.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { runCommand } from '../run-command.js';
import { addRollbackRun } from './rollback-run-command.js';

interface GenerateOptions extends GlobalOptions {
  readonly shadowUrl?: string;
  readonly force: boolean;
  readonly stdout: boolean;
}

/**
 * `rollback [MIGRATION]` runs a rollback on the target (the group's own action, rollback-run-command.ts);
 * `rollback generate` writes one from the catalog.
 */
export function registerRollbackCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const rollback = program
    .command('rollback')
    .description(
      'run the rollback of the newest (or named) applied migration and prove the previous definitions are back; `rollback generate` writes one',
    );
  registerGenerateCommand(rollback, io, done);
  addRollbackRun(rollback, io, done);
}

function registerGenerateCommand(rollback: Command, io: CliIo, done: (code: number) => void): void {
  const command = rollback
    .command('generate')
    .argument('[migration]', 'the migration to write a rollback for (default: the newest pending one, or the newest)')
    .description('write a proposed rollback from the previous definitions in the catalog, then prove it by round trip')
    .option('--shadow-url <url>', 'work on a scratch database created (and dropped) on this PostgreSQL server')
    .option('--force', 'replace a rollback that exists', false)
    .option('--stdout', 'print the rollback instead of writing it', false)
    .addHelpText(
      'after',
      `
The migration is applied on a shadow holding the migrations before it; the rollback takes the
catalog after it back to the catalog before it: a replaced CHECK is dropped and the old one added
verbatim, foreign keys come back with their ON DELETE / ON UPDATE, indexes from pg_get_indexdef,
SET NOT NULL becomes DROP NOT NULL, added columns and tables are dropped, enum rewrites reversed.
A dropped table or column is created again empty and marked NOT RECOVERABLE without the backup.

Written where the tool keeps rollbacks: Prisma <migration>/down.sql, Supabase
supabase/rollbacks/<file>, plain SQL <name>.down.sql (golang-migrate .down.sql, Flyway
U<version>__<desc>.sql, dbmate: the file's own -- migrate:down section). Exit code 1 when the round trip fails.

Examples:
  pgpreflight rollback generate
  pgpreflight rollback generate 20251104000000_physical_count --force
  pgpreflight rollback generate --stdout > review.sql`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (name: string | undefined, options: GenerateOptions) => {
    done(
      await runCommand<RollbackGenerateResult>(
        {
          name: 'rollback generate',
          execute: async (context) => {
            if (options.shadowUrl !== undefined) registerSecretsInUrl(options.shadowUrl);
            const { generateRollback } = await import('../../commands/rollback/generate-rollback.js');
            return generateRollback({
              dir: context.dir,
              dirLabel: context.dirLabel,
              force: options.force,
              stdout: options.stdout,
              ...(name !== undefined ? { migration: name } : {}),
              ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
              ...(context.target
                ? { url: context.target.url, ...(context.target.environment ? { environment: context.target.environment } : {}) }
                : {}),
              ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
            });
          },
          renderText: (result, context) => renderRollbackGenerateText(result, { colors: context.colors, sqlOnly: options.stdout }),
          quietLine: (result) =>
            `${result.rollback.written ? result.rollback.path : 'rollback'} (${result.rollback.statements} statements): round trip ${result.roundTrip.outcome}`,
          exitCode: (result) => (result.summary.errors > 0 ? ExitCode.findings : ExitCode.ok),
        },
        io,
        options,
      ),
    );
  });
}
