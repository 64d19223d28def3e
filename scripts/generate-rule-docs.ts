// `npm run docs:rules`: docs/rules/<id>.md and docs/rules/README.md from the lint rule metadata, and
// docs/severity.md from the finding rule registry and the lint rules.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LINT_RULES } from '../src/analysis/lint/lint-rules.js';
import { FINDING_RULES } from '../src/core/finding-rules.js';
import { renderRuleIndex, renderRuleMarkdown } from '../src/report/render-rule-docs.js';
import { renderSeverityDocs } from '../src/report/render-severity-docs.js';

const docs = path.resolve(import.meta.dirname, '../docs');
const dir = path.join(docs, 'rules');
mkdirSync(dir, { recursive: true });
const wanted = new Set(['README.md', ...LINT_RULES.map((r) => `${r.id}.md`)]);
for (const file of readdirSync(dir)) if (!wanted.has(file)) rmSync(path.join(dir, file));
for (const rule of LINT_RULES) writeFileSync(path.join(dir, `${rule.id}.md`), renderRuleMarkdown(rule));
writeFileSync(path.join(dir, 'README.md'), renderRuleIndex(LINT_RULES));
writeFileSync(path.join(docs, 'severity.md'), renderSeverityDocs(FINDING_RULES, LINT_RULES));
console.log(
  `wrote ${LINT_RULES.length} rule pages and the index to docs/rules, and docs/severity.md (${FINDING_RULES.length} finding rules)`,
);
