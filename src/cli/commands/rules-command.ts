import { Option, type Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { renderRuleMarkdown } from '../../report/render-rule-docs.js';
import { renderFindingRuleMarkdown } from '../../report/render-severity-docs.js';
import type { CliIo } from '../cli-io.js';
import type { GlobalOptions } from '../global-options.js';
import { runCommand } from '../run-command.js';

const formatOption = (): Option => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
const defaults = (options: { format: string; color?: boolean }): GlobalOptions => ({
  format: options.format,
  color: options.color ?? true,
  quiet: false,
  debug: false,
});

/** `rules` lists the catalog; `explain RULE` prints one rule's rationale, examples and recipe. */
export function registerRulesCommands(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('rules')
    .description('the lint rule catalog: id, category, default severity, summary')
    .addOption(formatOption())
    .option('--no-color', 'no colours')
    .action(async (options: { format: string; color?: boolean }) => {
      const { LINT_RULES } = await import('../../analysis/lint/lint-rules.js');
      const rules = LINT_RULES.map(({ id, category, severity, summary }) => ({ id, category, severity, summary }));
      done(
        await runCommand(
          {
            name: 'rules',
            execute: async () => ({ command: 'rules' as const, rules }),
            renderText: (result, context) => {
              const width = Math.max(...result.rules.map((r) => r.id.length));
              return `${result.rules.map((r) => `${context.colors.bold(r.id.padEnd(width))}  ${r.severity.padEnd(7)}  ${context.colors.dim(r.category.padEnd(8))}  ${r.summary}`).join('\n')}\n\n${result.rules.length} rules · pgpreflight explain <rule> for the why and the recipe\n`;
            },
            quietLine: (result) => `${result.rules.length} rules`,
            exitCode: () => ExitCode.ok,
          },
          io,
          defaults(options),
        ),
      );
    });
  program
    .command('explain')
    .argument('<rule>', 'a rule id: a lint rule (`pgpreflight rules`) or any finding rule (docs/severity.md)')
    .description("a rule's rationale, flagged and accepted examples, and the safe recipe")
    .addOption(formatOption())
    .option('--no-color', 'no colours')
    .action(async (id: string, options: { format: string; color?: boolean }) => {
      done(
        await runCommand(
          {
            name: 'explain',
            execute: async () => {
              const { LINT_RULES, lintRule } = await import('../../analysis/lint/lint-rules.js');
              const { FINDING_RULES, findingRule } = await import('../../core/finding-rules.js');
              const rule = lintRule(id);
              if (rule) {
                const { check: _check, ...metadata } = rule;
                return { command: 'explain' as const, kind: 'lint' as const, rule: metadata };
              }
              const finding = findingRule(id);
              if (finding) return { command: 'explain' as const, kind: 'finding' as const, rule: finding };
              const { distance } = await import('fastest-levenshtein');
              const close = [...LINT_RULES, ...FINDING_RULES]
                .map((r) => r.id)
                .filter((r) => distance(r, id) <= 3 || r.includes(id))
                .slice(0, 3);
              throw new PgPreflightError('USAGE', `no rule named ${id}`, {
                hint: close.length
                  ? `did you mean ${close.join(', ')}?`
                  : 'run `pgpreflight rules` to list the lint rules; docs/severity.md lists every rule',
              });
            },
            renderText: (result) => (result.kind === 'lint' ? renderRuleMarkdown(result.rule) : renderFindingRuleMarkdown(result.rule)),
            quietLine: (result) => `${result.rule.id}: ${result.rule.summary}`,
            exitCode: () => ExitCode.ok,
          },
          io,
          defaults(options),
        ),
      );
    });
}
