import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINT_RULES } from '../../src/analysis/lint/lint-rules.js';
import { PROBE_RULES } from '../../src/analysis/probes/probe-findings.js';
import { FINDING_RULES, findingRule } from '../../src/core/finding-rules.js';
import { WATCH_ALERT_KINDS } from '../../src/core/watch-records.js';
import { renderSeverityDocs } from '../../src/report/render-severity-docs.js';
import { SYNTAX_ERROR_RULE } from '../../src/sql/syntax-error-finding.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? sourceFiles(full) : entry.endsWith('.ts') ? [full] : [];
  });
}

// The `ruleId:` expressions that name no literal, and the ids each can produce (from the code itself).
const DYNAMIC: Readonly<Record<string, readonly string[]>> = {
  'SYNTAX_ERROR_RULE,': [SYNTAX_ERROR_RULE],
  'PROBE_RULES[request.kind],': Object.values(PROBE_RULES),
  'rule.id,': LINT_RULES.map((r) => r.id),
  '`watch-${alert.kind}`,': WATCH_ALERT_KINDS.map((kind) => `watch-${kind}`),
};
// Not an emission: deploy's `--accept rule:migration=reason` parser.
const NOT_EMITTED = ['match[1]!,'];

interface Emitted {
  readonly id: string;
  readonly severity?: string;
  readonly at: string;
}

/** Every rule id a `ruleId:` (or `const ruleId =`) in src/ can produce, with the literal severity beside it when there is one. */
function emittedRuleIds(): { emitted: Emitted[]; unknown: string[] } {
  const emitted: Emitted[] = [];
  const unknown: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const at = path.relative(ROOT, file);
    for (const match of text.matchAll(/(?<![.\w])ruleId(\s*[:=]\s*)/g)) {
      const rest = text.slice(match.index + match[0].length);
      if (/^(string|readonly|Record)\b/.test(rest)) continue;
      const line = rest.slice(0, rest.indexOf('\n')).trim();
      const expression = match[1]!.includes('=') ? rest.slice(0, rest.indexOf(';')) : line;
      const literals = [...expression.matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)].map((m) => m[1]!);
      const severity = /^'[a-z0-9-]+',\s*severity: '(error|warning|info)'/.exec(
        `${line} ${rest.slice(rest.indexOf('\n') + 1).trim()}`,
      )?.[1];
      if (literals.length) {
        for (const id of literals) emitted.push({ id, ...(literals.length === 1 && severity ? { severity } : {}), at });
      } else if (line in DYNAMIC) {
        for (const id of DYNAMIC[line]!) emitted.push({ id, at });
      } else if (!NOT_EMITTED.some((n) => line.startsWith(n))) {
        unknown.push(`${at}: ruleId ${line}`);
      }
    }
  }
  return { emitted, unknown };
}

describe('the rule registry is the single source', () => {
  const { emitted, unknown } = emittedRuleIds();
  const lintIds = new Set(LINT_RULES.map((r) => r.id));

  it('reads the rule ids of every command', () => {
    expect(unknown, 'a ruleId expression this test cannot resolve: teach DYNAMIC its ids').toEqual([]);
    const ids = new Set(emitted.map((e) => e.id));
    // One of each kind of source: a literal, a `const ruleId =` choice, each dynamic form.
    for (const id of [
      'check-rejects-trigger-write',
      'type-conversion-fails',
      'syntax-error',
      'rollback-missing',
      'deploy-needs-rehearsal',
      'check-violated-by-rows',
      'watch-caused-by-deploy',
      'schema-drift',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('every rule id emitted in src/ is a lint rule or in the registry, and every registered id is emitted', () => {
    const missing = [...new Set(emitted.map((e) => e.id).filter((id) => !lintIds.has(id) && !findingRule(id)))];
    expect(missing, 'add these to src/core/rules/').toEqual([]);
    const emittedIds = new Set(emitted.map((e) => e.id));
    expect(
      FINDING_RULES.map((r) => r.id).filter((id) => !emittedIds.has(id)),
      'registered but never emitted',
    ).toEqual([]);
  });

  it('ids are unique, and none is both a lint rule and a finding rule', () => {
    const ids = FINDING_RULES.map((r) => r.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.filter((id) => lintIds.has(id))).toEqual([]);
  });

  it('a literal severity in the code is the registered default, or the registry says when it varies', () => {
    const off = emitted.filter((e) => {
      const rule = findingRule(e.id);
      return e.severity !== undefined && rule !== undefined && rule.severity !== e.severity && rule.varies === undefined;
    });
    expect(off.map((e) => `${e.at}: ${e.id} is ${e.severity}, registered ${findingRule(e.id)!.severity}`)).toEqual([]);
  });

  it('docs/severity.md is generated from the registry and up to date (npm run docs:rules)', () => {
    expect(readFileSync(path.join(ROOT, 'docs/severity.md'), 'utf8')).toBe(renderSeverityDocs(FINDING_RULES, LINT_RULES));
  });
});
