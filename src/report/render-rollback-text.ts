import type { Colors } from './colors.js';
import { targetLine } from './format-target.js';
import type { ResolveResult } from './resolve-result.js';
import { renderFindingsText } from './render-findings-text.js';
import { renderSteps } from './render-steps.js';
import type { RollbackResult } from './rollback-result.js';

export function renderRollbackText(result: RollbackResult, options: { readonly colors: Colors; readonly cwd: string }): string {
  const c = options.colors;
  const lines = [
    `${c.bold('Target   ')}  ${targetLine(result.target, options.cwd)}${result.production ? `  ${c.red('PRODUCTION')}` : ''}`,
    `${c.bold('Rollback ')}  ${result.migration.rollback} (undoes ${result.migration.id})`,
    '',
    ...renderSteps(result.steps, c),
  ];
  if (result.findings.length) lines.push('', renderFindingsText(result.findings, c));
  lines.push(
    '',
    result.outcome === 'rolled-back'
      ? c.green(`rolled back ${result.migration.id}: the next deploy applies it again`)
      : c.red(`rollback of ${result.migration.id} incomplete: history still says it is applied`),
  );
  return `${lines.join('\n')}\n`;
}

export function renderResolveText(result: ResolveResult, options: { readonly colors: Colors; readonly cwd: string }): string {
  const c = options.colors;
  return `${[
    `${c.bold('Target ')}  ${targetLine(result.target, options.cwd)}`,
    '',
    c.green(
      `${result.migration.id}: ${result.before} → ${result.after} (recorded as ${result.as}${result.closedRuns.length ? `; closed interrupted deploy run(s) #${result.closedRuns.join(', #')}` : ''})`,
    ),
  ].join('\n')}\n`;
}
