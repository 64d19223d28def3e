import { Option, type Command } from 'commander';

/** SPEC "Commands": options every command accepts, before or after the command name. */
export interface GlobalOptions {
  readonly dir?: string;
  readonly url?: string;
  readonly env?: string;
  readonly config?: string;
  readonly format: string;
  readonly output?: string;
  readonly color: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
}

export function addGlobalOptions(command: Command, formats: readonly string[]): Command {
  return command
    .option('--dir <path>', 'project root or migrations folder (default: current folder, layout auto-detected)')
    .option('--url <url>', 'target database: postgres:// URL, libpq "key=value" string, or pglite:PATH')
    .option('--env <name>', 'an environment from the config (its URL and production flag)')
    .option('--config <file>', 'config file (default: pgpreflight.config.{ts,js,mjs,json} in the project)')
    .addOption(new Option('--format <format>', 'output format').choices([...formats]).default(formats[0]))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--no-color', 'no colours (also off when not a terminal or NO_COLOR is set)')
    .option('--quiet', 'print only the result line and errors', false)
    .option('--debug', 'print stack traces and internal details on errors', false);
}
