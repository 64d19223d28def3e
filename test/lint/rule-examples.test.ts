import { describe, expect, it } from 'vitest';
import { lintMigration } from '../../src/analysis/lint/lint-migration.js';
import { LINT_RULES } from '../../src/analysis/lint/lint-rules.js';
import { parseSql } from '../../src/sql/parse-sql.js';

// Every example in the rule metadata is executed: the docs cannot show an example that lies.
describe.each(LINT_RULES.map((rule) => [rule.id, rule] as const))('rule %s', (id, rule) => {
  it('has complete metadata', () => {
    expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    for (const field of [rule.summary, rule.rationale, rule.help]) expect(field.length).toBeGreaterThan(10);
    expect(rule.examples.bad.length).toBeGreaterThan(0);
    expect(rule.examples.good.length).toBeGreaterThan(0);
  });

  it.each(rule.examples.bad.map((sql) => [sql]))('flags %s', async (sql) => {
    const { statements, errors } = await parseSql(sql, { file: 'example.sql' });
    expect(errors).toEqual([]);
    const findings = lintMigration({ path: 'example.sql' }, statements, { rules: [rule] });
    expect(findings.map((f) => f.ruleId)).toContain(id);
  });

  it.each(rule.examples.good.map((sql) => [sql]))('accepts %s', async (sql) => {
    const { statements, errors } = await parseSql(sql, { file: 'example.sql' });
    expect(errors).toEqual([]);
    const findings = lintMigration({ path: 'example.sql' }, statements, { rules: [rule] });
    expect(findings.filter((f) => f.ruleId === id)).toEqual([]);
  });
});
