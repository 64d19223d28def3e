import type { Finding } from '../../../core/finding.js';
import { probeFindings } from '../probe-findings.js';
import type { ProbeResult } from '../probe-result.js';
import type { SkippedProbe } from '../probe-request.js';
import type { ModelledStep } from './table-model.js';

/**
 * The probe findings, each worded for the rows it was counted over. Over modelled rows the finding
 * names the statements it accounts for ("after the UPDATE at line 3, …"). Over the target's rows
 * while a statement before changes them in a way that cannot be modelled, a violation is not known
 * to remain: the error becomes a warning that says which statement and why.
 */
export function modelledProbeFindings(results: readonly ProbeResult[], skipped: readonly SkippedProbe[]): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    const model = result.model;
    for (const finding of probeFindings([result], [])) {
      if (!model || finding.ruleId === 'probe-failed') {
        findings.push(model ? { ...finding, evidence: { ...finding.evidence, model } } : finding);
      } else if (model.kind === 'modelled') {
        findings.push({
          ...finding,
          message: `after ${describeSteps(model.steps, result.request.origin.migration)}, ${finding.message}`,
          evidence: { ...finding.evidence, model: { ...model, note: 'counted over the rows as the statements before leave them' } },
        });
      } else {
        const where = `the statement at line ${model.line}${model.migration === result.request.origin.migration ? '' : ` of ${model.migration}`}`;
        findings.push({
          ...finding,
          severity: finding.severity === 'error' ? 'warning' : finding.severity,
          message: `before the migration, ${finding.message.replace(/: the migration fails with SQLSTATE .*$/, '')}; but ${where} changes the rows in a way pgpreflight cannot model (${model.reason}), so whether they still do when this statement runs is not decided`,
          help: `read ${where} to decide, or rehearse the migration on a copy of the rows (pgpreflight rehearse --sample); ${finding.help ?? ''}`.trim(),
          evidence: { ...finding.evidence, model },
        });
      }
    }
  }
  return [...findings, ...probeFindings([], skipped)];
}

/** "the UPDATE at line 3 and the DELETE at line 5 of 002_cleanup" */
function describeSteps(steps: readonly ModelledStep[], migration: string): string {
  const named = steps.map((s) => `the ${s.verb} at line ${s.line}${s.migration === migration ? '' : ` of ${s.migration}`}`);
  return named.length <= 2 ? named.join(' and ') : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}
