import path from 'node:path';
import type { Colors } from './colors.js';
import type { DeployOutcome, DeployResult } from './deploy-result.js';
import { targetLine } from './format-target.js';
import { renderFindingsText } from './render-findings-text.js';
import { renderSteps } from './render-steps.js';

const VERDICT: Readonly<Record<DeployOutcome, string>> = {
  deployed: 'deployed',
  'up-to-date': 'nothing to deploy: the target is up to date',
  planned: 'plan only: every gate passed, nothing was applied',
  refused: 'refused: nothing was applied',
  aborted: 'aborted before taking any lock: nothing was applied',
  failed: 'FAILED',
  'rolled-back': 'rolled back: the deploy broke something and its migrations were undone',
};

/** The run as the runbook's checklist: one ✓/✗ line per step, then the findings and the verdict. */
export function renderDeployText(result: DeployResult, options: { readonly colors: Colors; readonly cwd: string }): string {
  const c = options.colors;
  const plan = result.migrations.map((m) => `${m.id}${m.level === null ? '' : ` (level ${m.level})`}`);
  const lines = [
    `${c.bold('Target ')}  ${targetLine(result.target, options.cwd)}${result.production ? `  ${c.red('PRODUCTION')}` : ''}`,
    `${c.bold('Plan   ')}  ${plan.length ? plan.join(', ') : c.dim('no pending migration')}`,
    '',
    ...renderSteps(result.steps, c),
  ];
  if (result.accepted.length) {
    lines.push('', c.bold('Accepted'), ...result.accepted.map((a) => `  ${a.ruleId} on ${a.migration}: ${a.reason}`));
  }
  const order = { error: 0, warning: 1, info: 2 } as const;
  const findings = [...result.findings].sort((a, b) => order[a.severity] - order[b.severity]);
  if (findings.length) lines.push('', renderFindingsText(findings, c));
  if (result.incident)
    lines.push(
      '',
      `Incident report written: ${path.relative(options.cwd, result.incident.file) || result.incident.file} — fill in the parts marked TODO(person)`,
    );
  if (result.run !== null) lines.push(c.dim(`Recorded as run #${result.run} in pgpreflight.runs on the target.`));
  const verdict = VERDICT[result.outcome];
  const good = result.outcome === 'deployed' || result.outcome === 'up-to-date' || result.outcome === 'planned';
  const applied = result.outcome === 'deployed' ? ` ${result.summary.applied} migration${result.summary.applied === 1 ? '' : 's'}` : '';
  const broke = result.outcome === 'deployed' && result.summary.errors > 0;
  lines.push(
    '',
    broke
      ? c.red(`${verdict}${applied}, but what ran after it found errors (above): check them, and roll back if the deploy caused them`)
      : good
        ? c.green(`${verdict}${applied}`)
        : c.red(verdict),
  );
  return `${lines.join('\n')}\n`;
}
