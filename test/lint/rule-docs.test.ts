import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { LINT_RULES } from '../../src/analysis/lint/lint-rules.js';
import { renderRuleIndex, renderRuleMarkdown } from '../../src/report/render-rule-docs.js';

const DOCS = path.resolve(import.meta.dirname, '../../docs/rules');

it('docs/rules is generated from the rule metadata and up to date (npm run docs:rules)', () => {
  expect(readdirSync(DOCS).sort()).toEqual(['README.md', ...LINT_RULES.map((r) => `${r.id}.md`)].sort());
  for (const rule of LINT_RULES) {
    expect(readFileSync(path.join(DOCS, `${rule.id}.md`), 'utf8'), `${rule.id}.md is stale: npm run docs:rules`).toBe(
      renderRuleMarkdown(rule),
    );
  }
  expect(readFileSync(path.join(DOCS, 'README.md'), 'utf8')).toBe(renderRuleIndex(LINT_RULES));
});
