import type { LintRuleMetadata } from './rule-metadata.js';

/**
 * A rule's documentation page (docs/rules/<id>.md) and `pgpreflight explain <id>`: both come from the
 * rule's metadata, so they cannot disagree with what the rule does.
 */
export function renderRuleMarkdown(rule: LintRuleMetadata): string {
  const examples = (title: string, list: readonly string[]): string[] =>
    list.length ? [`## ${title}`, '', ...list.flatMap((sql) => ['```sql', sql.trimEnd(), '```', ''])] : [];
  return [
    `# ${rule.id}`,
    '',
    `**${rule.summary}** · category: ${rule.category} · default severity: ${rule.severity}${rule.locksExistingTable ? ' · silent on tables the migration creates; with a target, scaled by the table’s size' : ''}`,
    '',
    '## Why',
    '',
    rule.rationale,
    '',
    '## Instead',
    '',
    rule.help,
    '',
    ...examples('Flagged', rule.examples.bad),
    ...examples('Accepted', rule.examples.good),
    `Suppress one statement with \`-- pgpreflight-ignore ${rule.id}: <reason>\` on the line before it, or set \`rules: { '${rule.id}': 'off' }\` in the config.`,
    '',
  ].join('\n');
}

/** docs/rules/README.md: the catalog. */
export function renderRuleIndex(rules: readonly LintRuleMetadata[]): string {
  return [
    '# Lint rules',
    '',
    'Generated from the rule metadata in `src/analysis/lint/rules/` by `npm run docs:rules`; a test fails when this folder is stale.',
    '',
    '| rule | category | severity | summary |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [${r.id}](${r.id}.md) | ${r.category} | ${r.severity} | ${r.summary.replaceAll('|', '\\|')} |`),
    '',
  ].join('\n');
}
