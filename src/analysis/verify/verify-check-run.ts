import { applyRuleSettings, type RuleSettings } from '../../core/apply-rule-settings.js';
import type { Finding } from '../../core/finding.js';
import type { VerifyCheck, VerifyCheckKind } from '../../core/verify-check.js';

/** One check as analysis ran it, before the config's severities are applied. */
export interface VerifyCheckRun {
  readonly id: string;
  readonly kind: VerifyCheckKind;
  readonly title: string;
  /** The result in a few words, shown on the check's line. */
  readonly summary: string;
  readonly findings: readonly Finding[];
  /** Why the check did not run; unset when it ran. */
  readonly skipped?: string;
  readonly ms: number;
}

export type Severities = RuleSettings;

/**
 * The check's line and its findings once config `rules` severities apply: a rule set to 'off'
 * drops its findings, another severity replaces the default. Every finding names its check in
 * `evidence.check`, so a report can put the evidence under the right line.
 */
export function settleCheck(run: VerifyCheckRun, severities: Severities = {}): { check: VerifyCheck; findings: Finding[] } {
  const findings: Finding[] = applyRuleSettings(run.findings, severities).map((finding) => ({
    ...finding,
    evidence: { check: run.id, ...finding.evidence },
  }));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return {
    check: {
      id: run.id,
      kind: run.kind,
      title: run.title,
      outcome: run.skipped !== undefined ? 'skipped' : errors ? 'fail' : warnings ? 'warn' : 'pass',
      summary: run.skipped ?? run.summary,
      errors,
      warnings,
      ms: Math.round(run.ms),
    },
    findings,
  };
}

/** "1 row", "3 rows", "1,204 indexes". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? word : many}`;
}
