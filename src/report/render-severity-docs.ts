import type { FindingRule } from '../core/finding-rule.js';
import type { LintRuleMetadata } from './rule-metadata.js';

const MODEL = [
  '**error** — the migration will fail on this target, or something breaks after it, or it violates a policy the project opted into. `check`, `rehearse`, `verify`, `watch` exit 1 and `deploy` refuses.',
  '**warning** — needs a person’s decision. The exit code stays 0; the finding says what to decide and how.',
  '**info** — context: what was not checked and why, what a setting allowed.',
];

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** `pgpreflight explain <id>` for a finding rule that is not a lint rule: from the registry, as docs/severity.md. */
export function renderFindingRuleMarkdown(rule: FindingRule): string {
  return [
    `# ${rule.id}`,
    '',
    `**${rule.summary}** · reported by: ${rule.commands.join(', ')} · default severity: ${rule.severity}`,
    '',
    '## Why this severity',
    '',
    rule.why,
    ...(rule.varies ? ['', `Otherwise: ${rule.varies}.`] : []),
    '',
    '## What to do',
    '',
    rule.docs,
    '',
    rule.gate
      ? 'A deploy guard: the deploy refuses whatever a severity says, so config `rules` cannot change it.'
      : `Change its severity, or turn it off, with \`rules: { '${rule.id}': 'warning' }\` (or \`'error'\`, \`'info'\`, \`'off'\`) in the config.`,
    '',
  ].join('\n');
}

/** docs/severity.md: the model, then every rule with its default and why — finding rules and lint rules alike. */
export function renderSeverityDocs(findingRules: readonly FindingRule[], lintRules: readonly LintRuleMetadata[]): string {
  const rows = [...findingRules].sort((a, b) => a.id.localeCompare(b.id));
  return [
    '# What a severity means',
    '',
    'Generated from the rule registry (`src/core/rules/`) and the lint rule metadata (`src/analysis/lint/rules/`) by `npm run docs:rules`; a test fails when it is stale, and another when a command emits a rule id not listed here.',
    '',
    ...MODEL.map((line) => `- ${line}`),
    '',
    "Every default below follows that model. A project changes any of them with config `rules` (`'error' | 'warning' | 'info' | 'off'`), applied to every finding of every command; deploy guards excepted. `policy: { rollbacks: 'required' }` makes `rollback-missing` an error.",
    '',
    '## Findings',
    '',
    '| rule | default | reported by | summary | why this severity |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.id}\` | ${r.severity}${r.gate ? ' (guard)' : ''} | ${r.commands.join(', ')} | ${cell(r.summary)} | ${cell(r.why)}${r.varies ? ` Otherwise: ${cell(r.varies)}.` : ''} |`,
    ),
    '',
    '## Lint rules',
    '',
    'Static rules on the migration SQL (`pgpreflight rules`); a lock rule’s severity scales with the table’s size on the target (info at or below `lint.smallTableRows`, error at or above `lint.largeTableRows`). Each has its page in [rules/](rules/README.md).',
    '',
    '| rule | default | summary |',
    '|---|---|---|',
    ...lintRules.map(
      (r) => `| [\`${r.id}\`](rules/${r.id}.md) | ${r.severity}${r.locksExistingTable ? ' (scaled by size)' : ''} | ${cell(r.summary)} |`,
    ),
    '',
    'For any rule: `pgpreflight explain <rule>`.',
    '',
  ].join('\n');
}
