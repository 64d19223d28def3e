import type { Finding } from '../../core/finding.js';
import type { VerifyResult } from '../../report/verify-result.js';
import { verify, type VerifyOptions } from '../verify/verify.js';

/** What deploy passes on to `verify`: the config's checks, not the target (deploy's own). */
export type DeployVerifyOptions = Omit<VerifyOptions, 'url' | 'environment' | 'dir' | 'dirLabel' | 'format' | 'onProgress'>;

/**
 * The runbook's "verify" step after a deploy, judged against the same checks before it: a check
 * that passed before and fails after is what the deploy broke (an error); one that already failed
 * is the database's old problem, reported as a warning so it neither blocks nor hides.
 */
export function compareVerify(before: VerifyResult | undefined, after: VerifyResult): { findings: Finding[]; broken: number; old: number } {
  const failedBefore = new Set((before?.checks ?? []).filter((c) => c.outcome === 'fail').map((c) => c.id));
  const findings: Finding[] = [];
  let broken = 0;
  let old = 0;
  for (const check of after.checks.filter((c) => c.outcome === 'fail')) {
    const own = after.findings.filter((f) => (f.evidence as { check?: string } | undefined)?.check === check.id && f.severity === 'error');
    if (failedBefore.has(check.id)) {
      old++;
      findings.push({
        ruleId: 'verify-failing-before',
        severity: 'warning',
        message: `${check.title}: ${check.summary} — it already failed before the deploy`,
        help: 'not caused by this deploy; `pgpreflight verify` shows the rows',
        evidence: { check: check.id },
      });
    } else {
      broken++;
      findings.push(...own.map((f) => ({ ...f, message: `after the deploy: ${f.message}` })));
    }
  }
  return { findings, broken, old };
}

export async function runVerify(
  options: DeployVerifyOptions,
  target: Pick<VerifyOptions, 'url' | 'environment' | 'dir' | 'dirLabel' | 'format'>,
): Promise<VerifyResult> {
  return verify({ ...options, ...target });
}
