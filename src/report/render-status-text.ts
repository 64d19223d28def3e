import type { MigrationState, MigrationStatus } from '../migrations/migration.js';
import type { Colors } from './colors.js';
import type { StatusDrift } from './drift-result.js';
import { targetLine } from './format-target.js';
import { relativePath } from './relative-path.js';
import { renderFindingsText } from './render-findings-text.js';
import type { StatusResult } from './status-result.js';

export interface StatusTextOptions {
  readonly colors: Colors;
  /** Paths are shown relative to this folder. */
  readonly cwd: string;
  /** List every applied migration instead of folding long runs. */
  readonly all?: boolean;
}

const MARK: Readonly<Record<MigrationStatus, string>> = {
  applied: '✓',
  pending: '•',
  failed: '✗',
  'rolled-back': '↺',
  modified: '~',
  missing: '?',
};

// Long runs of applied migrations say nothing new; fold them so the ones that need a person show.
const FOLD_RUNS_LONGER_THAN = 4;

export function renderStatusText(result: StatusResult, options: StatusTextOptions): string {
  const c = options.colors;
  const paint: Readonly<Record<MigrationStatus, (text: string) => string>> = {
    applied: c.green,
    pending: c.cyan,
    failed: c.red,
    'rolled-back': c.yellow,
    modified: c.yellow,
    missing: c.magenta,
  };
  const width = Math.min(60, Math.max(...result.migrations.map((m) => m.id.length)));
  const row = (state: MigrationState): string =>
    `  ${paint[state.status](`${MARK[state.status]} ${state.status.padEnd(11)}`)} ${state.id.padEnd(width)}  ${c.dim(detail(state))}`.trimEnd();

  const lines: string[] = [
    `${c.bold('Target ')}  ${targetLine(result.target, options.cwd)}`,
    `${c.bold('History')}  ${result.layout.tool} · ${relativePath(options.cwd, result.layout.migrationsDir)} · ${result.layout.historyTable}${
      result.layout.historyTableExists ? '' : c.dim(' (not created yet: nothing applied)')
    }`,
    ...(result.drift ? [`${c.bold('Drift  ')}  ${driftLine(result.drift, c)}`] : []),
    '',
  ];
  for (const group of runs(result.migrations)) {
    if (!options.all && group[0]!.status === 'applied' && group.length > FOLD_RUNS_LONGER_THAN) {
      lines.push(row(group[0]!), c.dim(`  ⋮ ${group.length - 2} more applied`), row(group[group.length - 1]!));
    } else {
      lines.push(...group.map(row));
    }
  }
  const findings = renderFindingsText(result.findings, c);
  if (findings) lines.push('', findings);
  lines.push('', summaryLine(result, c));
  return `${lines.join('\n')}\n`;
}

function driftLine(drift: StatusDrift, c: Colors): string {
  if (drift.state === 'unavailable') return c.yellow(`not checked: ${drift.reason}`);
  const known = [
    drift.allowed ? `${drift.allowed} known` : '',
    drift.stale ? `${drift.stale} stale allowlist entr${drift.stale === 1 ? 'y' : 'ies'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (drift.state === 'clean') return `${c.green('none')}: the schema matches the applied migrations${known ? ` (${known})` : ''}`;
  return `${c.red(`${drift.unexpected} unexpected difference${drift.unexpected === 1 ? '' : 's'}`)} from the applied migrations${known ? ` (${known})` : ''} — run pgpreflight drift`;
}

function detail(state: MigrationState): string {
  const when = state.appliedAt ? formatTime(state.appliedAt) : '';
  switch (state.status) {
    case 'applied':
      return when;
    case 'failed':
      return when ? `started ${when}` : '';
    case 'modified':
      return 'file changed after it was applied';
    case 'missing':
      return 'in history, no file on disk';
    case 'rolled-back':
      return 'rolled back; the next deploy applies it again';
    case 'pending':
      return '';
  }
}

function summaryLine(result: StatusResult, c: Colors): string {
  const s = result.summary;
  const parts = (['applied', 'pending', 'failed', 'rolled-back', 'modified', 'missing'] as const)
    .filter((key) => s[key] > 0)
    .map((key) => `${s[key]} ${key}`);
  const verdict = s.upToDate ? c.green('up to date') : c.yellow('not up to date');
  return `${parts.join(' · ')} — ${verdict}`;
}

function runs(states: readonly MigrationState[]): MigrationState[][] {
  const out: MigrationState[][] = [];
  for (const state of states) {
    const last = out[out.length - 1];
    if (last && last[0]!.status === 'applied' && state.status === 'applied') last.push(state);
    else out.push([state]);
  }
  return out;
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
