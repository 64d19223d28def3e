import { applyRuleSettingsToResult } from '../core/apply-rule-settings.js';
import { ExitCode } from '../core/exit-code.js';
import { redactDeep, redactSecrets } from '../core/redact-secrets.js';
import { renderJson } from '../report/render-json.js';
import type { CliIo } from './cli-io.js';
import { createCommandContext, type CommandContext } from './command-context.js';
import type { GlobalOptions } from './global-options.js';
import { reportError } from './report-error.js';
import { writeOutputFile } from './write-output.js';

export interface CommandSpec<Result extends { readonly command: string }> {
  readonly name: string;
  execute(context: CommandContext): Promise<Result>;
  renderText(result: Result, context: CommandContext): string;
  /** The line printed with --quiet. */
  quietLine(result: Result, context: CommandContext): string;
  exitCode(result: Result): ExitCode;
}

/**
 * The one path every command takes: context, work, render, write, exit code. Every byte leaving
 * the process passes through redactSecrets here or in reportError.
 */
export async function runCommand<Result extends { readonly command: string }>(
  spec: CommandSpec<Result>,
  io: CliIo,
  options: GlobalOptions,
): Promise<number> {
  const json = options.format === 'json';
  try {
    const context = await createCommandContext(io, options);
    // Config `rules` settle every command's findings, and so its exit code, the same way.
    const result = redactDeep(applyRuleSettingsToResult(await spec.execute(context), context.rules));
    const rendered = json ? renderJson(result) : options.quiet ? `${spec.quietLine(result, context)}\n` : spec.renderText(result, context);
    const safe = redactSecrets(rendered);
    if (options.output) {
      writeOutputFile(options.output, json ? safe : redactSecrets(spec.renderText(result, { ...context, colors: noColor(context) })));
      if (!options.quiet) io.stderr(`wrote ${options.output}\n`);
      if (!json) io.stdout(`${redactSecrets(spec.quietLine(result, context))}\n`);
    } else {
      io.stdout(safe);
    }
    return spec.exitCode(result);
  } catch (error) {
    return reportError(io, error, { command: spec.name, json, debug: options.debug });
  }
}

// A file never gets ANSI codes, whatever the terminal supports.
function noColor(context: CommandContext): CommandContext['colors'] {
  const id = (text: string): string => text;
  return Object.fromEntries(Object.keys(context.colors).map((key) => [key, id])) as unknown as CommandContext['colors'];
}
