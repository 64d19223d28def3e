import type { Colors } from './colors.js';
import { renderFindingsText } from './render-findings-text.js';
import type { RollbackGenerateResult } from './rollback-generate-result.js';

export interface RollbackGenerateTextOptions {
  readonly colors: Colors;
  /** --stdout: the SQL alone, so it can be piped or redirected. */
  readonly sqlOnly: boolean;
}

export function renderRollbackGenerateText(result: RollbackGenerateResult, options: RollbackGenerateTextOptions): string {
  if (options.sqlOnly) return result.rollback.sql;
  const c = options.colors;
  const trip = result.roundTrip;
  const lines = [
    `${c.bold('Migration')}  ${result.migration.id}  ${c.dim(result.migration.path)}`,
    `${c.bold('Rollback ')}  ${result.rollback.written ? `${result.rollback.replaced ? 'replaced' : 'wrote'} ${result.rollback.path}` : 'not written'} ${c.dim(
      `(${result.rollback.statements} statement(s), generated: review it before use)`,
    )}`,
    '',
    c.bold('Undoes'),
    ...(result.changes.length ? result.changes.map((change) => `  ${change}`) : ['  nothing: the migration changes no schema object']),
  ];
  if (result.notRecoverable.length) {
    lines.push('', `${c.yellow('Not recoverable')} without the backup: the rows of ${result.notRecoverable.join(', ')}`);
  }
  const outcome = trip.outcome === 'passed' ? c.green('passed') : trip.outcome === 'failed' ? c.red('FAILED') : trip.outcome;
  lines.push(
    '',
    `${c.bold('Round trip')}  ${outcome} ${c.dim('(rollback, compare with before, apply again, compare with after — on the shadow)')}`,
  );
  const findings = renderFindingsText(result.findings, c);
  if (findings) lines.push('', findings);
  return `${lines.join('\n')}\n`;
}
