import type { Colors } from './colors.js';
import { targetLine } from './format-target.js';
import type { RehearsedMigration, RehearseResult } from './rehearse-result.js';
import { renderFindingsText } from './render-findings-text.js';

/** The rehearsal as a person reads it: the shadow, each migration, each workflow before and after. */
export function renderRehearseText(result: RehearseResult, options: { readonly colors: Colors; readonly cwd: string }): string {
  const c = options.colors;
  const shadow = result.shadow;
  const lines = [
    `${c.bold('Target ')}  ${result.target ? targetLine(result.target, options.cwd) : c.dim('none (pending: the newest migration)')}`,
    `${c.bold('Shadow ')}  ${shadow.kind === 'server' ? `scratch database ${shadow.database} on ${shadow.host} (dropped after the run)` : 'embedded PGlite'}, ${shadow.replayed} migration${shadow.replayed === 1 ? '' : 's'} replayed`,
    '',
    c.bold('Migrations'),
    ...result.migrations.map(
      (m) =>
        `  ${m.outcome === 'applied' ? c.green('✓') : m.outcome === 'failed' ? c.red('✗') : c.dim('·')} ${m.id}  ${c.dim(m.outcome === 'applied' ? `${Math.round(m.ms)} ms` : m.outcome)}${m.rewrites?.length ? `  ${c.yellow(`rewrites ${m.rewrites.join(', ')}`)}` : ''}${rollbackText(m.rollback, c)}`,
    ),
    '',
    c.bold('Workflows') + c.dim('  before → after each migration'),
  ];
  if (result.workflows.length === 0)
    lines.push(c.dim('  none configured (config `workflows`: SQL files or functions, each run in a rolled-back transaction)'));
  for (const workflow of result.workflows) {
    const mark = (passed: boolean): string => (passed ? c.green('pass') : c.red('FAIL'));
    lines.push(`  ${workflow.name}  ${mark(workflow.before.passed)}${workflow.after.map((a) => ` → ${mark(a.passed)}`).join('')}`);
  }
  if (result.findings.length) lines.push('', renderFindingsText(result.findings, c));
  if (result.recorded !== null) lines.push('', c.dim(`Recorded as run #${result.recorded} in pgpreflight.runs on the target.`));
  const s = result.summary;
  lines.push(
    '',
    `${s.errors} error${s.errors === 1 ? '' : 's'} · ${s.warnings} warning${s.warnings === 1 ? '' : 's'} — ${s.errors ? c.red('the rehearsal broke a workflow or a migration') : c.green('every workflow still passes')}`,
  );
  return `${lines.join('\n')}\n`;
}

function rollbackText(trip: RehearsedMigration['rollback'], c: Colors): string {
  if (!trip) return '';
  let text: string;
  switch (trip.outcome) {
    case 'passed':
      text = c.green('round trip passed');
      break;
    case 'failed':
      text = c.red('round trip failed');
      break;
    case 'missing':
      text = c.yellow(`missing (${trip.expected})`);
      break;
    case 'irreversible':
      text = c.dim(`irreversible: ${trip.reason}`);
      break;
  }
  return `  ${c.dim('rollback:')} ${text}`;
}
