import type { Colors } from './colors.js';
import type { DeployStep } from './deploy-result.js';

/** The runbook's checklist: one ✓ / ✗ / ! / · line per step, names aligned. */
export function renderSteps(steps: readonly DeployStep[], c: Colors): string[] {
  const width = Math.max(...steps.map((s) => s.name.length), 8);
  const mark = (step: DeployStep): string =>
    step.status === 'passed'
      ? c.green('✓')
      : step.status === 'failed'
        ? c.red('✗')
        : step.status === 'warning'
          ? c.yellow('!')
          : c.dim('·');
  return steps.map((step) => `  ${mark(step)} ${step.name.padEnd(width)}  ${step.status === 'skipped' ? c.dim(step.detail) : step.detail}`);
}
