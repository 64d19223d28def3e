import { Argument, type Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import type { InspectResult } from '../../report/inspect-result.js';
import { renderInspectText } from '../../report/render-inspect-text.js';
import type { CliIo } from '../cli-io.js';
import { requireTarget } from '../command-context.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { runCommand } from '../run-command.js';

export function registerInspectCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('inspect')
    .addArgument(
      new Argument('<what>', 'constraint: the constraints of TABLE (or the one named); table: all of TABLE').choices([
        'constraint',
        'table',
      ]),
    )
    .argument('<table>', 'TABLE or SCHEMA.TABLE, as the target stores it ("Order" or Order both work)')
    .argument('[name]', 'with `constraint`: only this constraint')
    .description("a table's constraints as the target defines them today, each CHECK's allowed values and how many rows hold each")
    .addHelpText(
      'after',
      `
The "query the constraint before you modify it" step: before retyping a CHECK's list of values,
see the list the database enforces now and which values rows actually use. Reads the target in a
read-only transaction with statement and lock timeouts.

Examples:
  pgpreflight inspect constraint inventory_transactions
  pgpreflight inspect constraint inventory_transactions inventory_transactions_reference_type_check
  pgpreflight inspect table '"Order"' --format json`,
    );
  addGlobalOptions(command, ['text', 'json']).action(
    async (what: 'constraint' | 'table', table: string, name: string | undefined, options: GlobalOptions) => {
      done(
        await runCommand<InspectResult>(
          {
            name: 'inspect',
            execute: async (context) => {
              const target = requireTarget(context);
              const { inspect } = await import('../../commands/inspect/inspect.js');
              return inspect({
                url: target.url,
                what,
                table,
                ...(name !== undefined && what === 'constraint' ? { constraint: name } : {}),
                ...(target.environment ? { environment: target.environment } : {}),
              });
            },
            renderText: (result, context) => renderInspectText(result, { colors: context.colors, cwd: context.io.cwd }),
            quietLine: (result) => `${result.table.schema}.${result.table.name}: ${result.summary.constraints} constraint(s)`,
            exitCode: (result) => (result.summary.errors > 0 ? ExitCode.findings : ExitCode.ok),
          },
          io,
          options,
        ),
      );
    },
  );
}
