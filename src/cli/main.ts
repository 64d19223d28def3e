import { Command, CommanderError } from 'commander';
import { ExitCode } from '../core/exit-code.js';
import { redactSecrets, registerSecret } from '../core/redact-secrets.js';
import { TOOL_VERSION } from '../core/tool-version.js';
import { processIo, type CliIo } from './cli-io.js';
import { registerBackupCommand } from './commands/backup-command.js';
import { registerCheckCommand } from './commands/check-command.js';
import { registerDeployCommand } from './commands/deploy-command.js';
import { registerResolveCommand } from './commands/rollback-run-command.js';
import { registerIncidentCommand } from './commands/incident-command.js';
import { registerInspectCommand } from './commands/inspect-command.js';
import { registerLintCommand } from './commands/lint-command.js';
import { registerRehearseCommand } from './commands/rehearse-command.js';
import { registerRestoreCommand } from './commands/restore-command.js';
import { registerDriftCommand } from './commands/drift-command.js';
import { registerRollbackCommand } from './commands/rollback-command.js';
import { registerRulesCommands } from './commands/rules-command.js';
import { registerStatusCommand } from './commands/status-command.js';
import { registerVerifyCommand } from './commands/verify-command.js';
import { registerWatchCommand } from './commands/watch-command.js';

/** Runs the CLI and resolves with the exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  registerSecret(io.env.PGPASSWORD);
  let exitCode: number = ExitCode.ok;
  const program = new Command('pgpreflight')
    .description('Make PostgreSQL schema changes safe to ship: preflight pending migrations against the real target database.')
    .version(TOOL_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // `rollback` and `rollback generate` both take the global options: each option belongs to the
    // command it follows, so `rollback generate --format json` is generate's.
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (text) => io.stdout(redactSecrets(text)),
      writeErr: (text) => io.stderr(redactSecrets(text)),
    });
  const done = (code: number): void => {
    exitCode = code;
  };
  registerStatusCommand(program, io, done);
  registerInspectCommand(program, io, done);
  registerLintCommand(program, io, done);
  registerCheckCommand(program, io, done);
  registerRehearseCommand(program, io, done);
  registerVerifyCommand(program, io, done);
  registerDriftCommand(program, io, done);
  registerRollbackCommand(program, io, done);
  registerDeployCommand(program, io, done);
  registerResolveCommand(program, io, done);
  registerRulesCommands(program, io, done);
  registerBackupCommand(program, io, done);
  registerRestoreCommand(program, io, done);
  registerIncidentCommand(program, io, done);
  registerWatchCommand(program, io, done);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; misuse is a usage error (2).
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
  return exitCode;
}
