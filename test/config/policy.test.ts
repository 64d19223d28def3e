import { describe, expect, it } from 'vitest';
import { effectiveRules } from '../../src/config/effective-rules.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { applyRuleSettings } from '../../src/core/apply-rule-settings.js';
import type { Finding } from '../../src/core/finding.js';

describe('config policy and rules', () => {
  it('policy.rollbacks "required" makes rollback-missing an error; an explicit rule setting wins', () => {
    expect(effectiveRules(validateConfig({}, 'c.json'))).toBeUndefined();
    expect(effectiveRules(validateConfig({ policy: { rollbacks: 'optional' } }, 'c.json'))).toBeUndefined();
    expect(effectiveRules(validateConfig({ policy: { rollbacks: 'required' } }, 'c.json'))).toEqual({ 'rollback-missing': 'error' });
    expect(
      effectiveRules(
        validateConfig({ policy: { rollbacks: 'required' }, rules: { 'rollback-missing': 'warning', 'drop-table': 'off' } }, 'c.json'),
      ),
    ).toEqual({ 'rollback-missing': 'warning', 'drop-table': 'off' });
  });

  it('a bad policy value is a one-line error naming the setting and the choices', () => {
    expect(() => validateConfig({ policy: { rollbacks: 'always' } }, 'pgpreflight.config.json')).toThrow(
      'pgpreflight.config.json: policy.rollbacks: expected "required" or "optional"',
    );
    expect(() => validateConfig({ policy: { rollback: 'required' } }, 'c.json')).toThrow('policy: unknown setting "rollback"');
  });

  it('rules settle any finding: off drops it, a severity replaces the default, twice is once', () => {
    const findings: Finding[] = [
      { ruleId: 'rollback-missing', severity: 'warning', message: 'a' },
      { ruleId: 'drift-unexpected', severity: 'error', message: 'b' },
      { ruleId: 'other', severity: 'info', message: 'c' },
    ];
    const rules = { 'rollback-missing': 'error', 'drift-unexpected': 'off' } as const;
    const once = applyRuleSettings(findings, rules);
    expect(once.map((f) => [f.ruleId, f.severity])).toEqual([
      ['rollback-missing', 'error'],
      ['other', 'info'],
    ]);
    expect(applyRuleSettings(once, rules)).toEqual(once);
    expect(applyRuleSettings(findings, undefined)).toEqual(findings);
  });
});

describe('deploy guards', () => {
  it('a guard keeps its severity whatever rules say, and the config refuses a setting for one', () => {
    const guard: Finding = { ruleId: 'deploy-needs-rehearsal', severity: 'error', message: 'level 3' };
    expect(applyRuleSettings([guard], { 'deploy-needs-rehearsal': 'off' })).toEqual([guard]);
    expect(() => validateConfig({ rules: { 'deploy-needs-rehearsal': 'warning' } }, 'c.json')).toThrow(
      'rules.deploy-needs-rehearsal: a deploy guard, not a severity',
    );
  });
});
