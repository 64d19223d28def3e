import type { Colors } from './colors.js';
import { targetLine } from './format-target.js';
import type { RehearsedMigration, RehearseResult } from './rehearse-result.js';
import { renderFindingsText } from './render-findings-text.js';
import { renderRehearsedStatements } from './render-rehearsed-statements.js';

/** The rehearsal as a person reads it: the shadow, each migration, each workflow before and after. */
export function renderRehearseText(result: RehearseResult, options: { readonly colors: Colors; readonly cwd: string }): string {
  const c = options.colors;
  const shadow = result.shadow;
  const lines = [
    `${c.bold('Target ')}  ${result.target ? targetLine(result.target, options.cwd) : c.dim('none (pending: the newest migration)')}`,
    `${c.bold('Shadow ')}  ${shadow.kind === 'server' ? `scratch database ${shadow.database} on ${shadow.host} (dropped after the run)` : 'embedded PGlite'}, ${shadow.replayed} migration${shadow.replayed === 1 ? '' : 's'} replayed`,
    ...sampleText(result.sample, c),
    '',
    c.bold('Migrations') +
      c.dim(
        result.locks.traced
          ? '  each statement: duration, strongest lock per relation, rewrites'
          : `  each statement: duration, rewrites — ${result.locks.how}`,
      ),
    ...result.migrations.flatMap((m) => [
      `  ${m.outcome === 'applied' ? c.green('✓') : m.outcome === 'failed' ? c.red('✗') : c.dim('·')} ${m.id}  ${c.dim(m.outcome === 'applied' ? `${Math.round(m.ms)} ms` : m.outcome)}${m.rewrites?.length ? `  ${c.yellow(`rewrites ${m.rewrites.join(', ')}`)}` : ''}${rollbackText(m.rollback, c)}`,
      ...renderRehearsedStatements(m.statements ?? [], c),
    ]),
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

function sampleText(sample: RehearseResult['sample'], c: Colors): string[] {
  if (!sample) return [];
  const total = sample.tables.reduce((sum, t) => sum + t.rows, 0);
  const width = Math.max(0, ...sample.tables.map((t) => t.table.length));
  return [
    `${c.bold('Sample ')}  ${total} rows from the target in ${sample.tables.length} table${sample.tables.length === 1 ? '' : 's'} (up to ${sample.rowsPerTable} per table), ${(sample.ms / 1000).toFixed(1)} s`,
    ...sample.tables.map(
      (t) =>
        `           ${t.table.padEnd(width)}  ${String(t.rows).padStart(7)}  ${c.dim(`${t.sampled} sampled · ${t.flagged} flagged by probes · ${t.parents} parents`)}`,
    ),
    ...(sample.masked.length ? [`           ${c.dim('masked (fakes):')} ${sample.masked.join(', ')}`] : []),
    ...(sample.nulled.length ? [`           ${c.dim('masked (NULL, no fake for the type):')} ${sample.nulled.join(', ')}`] : []),
    ...sample.notes.map((note) => `           ${c.dim(note)}`),
  ];
}
