// `npm run docs:rules`: docs/rules/<id>.md and docs/rules/README.md from the rule metadata.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LINT_RULES } from '../src/analysis/lint/lint-rules.js';
import { renderRuleIndex, renderRuleMarkdown } from '../src/report/render-rule-docs.js';

const dir = path.resolve(import.meta.dirname, '../docs/rules');
mkdirSync(dir, { recursive: true });
const wanted = new Set(['README.md', ...LINT_RULES.map((r) => `${r.id}.md`)]);
for (const file of readdirSync(dir)) if (!wanted.has(file)) rmSync(path.join(dir, file));
for (const rule of LINT_RULES) writeFileSync(path.join(dir, `${rule.id}.md`), renderRuleMarkdown(rule));
writeFileSync(path.join(dir, 'README.md'), renderRuleIndex(LINT_RULES));
console.log(`wrote ${LINT_RULES.length} rule pages and the index to docs/rules`);
