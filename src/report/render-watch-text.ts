import path from 'node:path';
import type { Colors } from './colors.js';
import { targetLine } from './format-target.js';
import type { ActivityReport } from '../catalog/activity-report.js';
import type { EventGroup } from '../core/watch-records.js';
import type { WatchProgress, WatchResult, WatchSourceReport } from './watch-result.js';

export interface WatchTextOptions {
  readonly colors: Colors;
  readonly cwd: string;
}

const CLASS_NAMES: Readonly<Record<EventGroup['eventClass'], string>> = {
  integrity: 'integrity',
  schema: 'schema mismatch',
  'bad-value': 'bad value',
  lock: 'lock/timeout',
  other: 'other',
};

/** The summary a person reads after the watch: what failed, what the deploy caused, what to do. */
export function renderWatchText(result: WatchResult, options: WatchTextOptions): string {
  const c = options.colors;
  const lines: string[] = [
    `${c.bold('Watch   ')}  ${windowLine(result)}`,
    `${c.bold('Target  ')}  ${result.target ? targetLine(result.target, options.cwd) : c.dim('none')}`,
    `${c.bold('Deployed')}  ${deployLine(result, c)}`,
    ...result.deploy.changes.map((change) => `            ${c.dim(`${change.migration}: ${change.description}`)}`),
    `${c.bold('Sources ')}  ${result.sources.length ? sourceLine(result.sources[0]!, options.cwd) : c.dim('no logs (statistics only)')}`,
    ...result.sources.slice(1).map((source) => `            ${sourceLine(source, options.cwd)}`),
    '',
  ];
  const groups = result.groups.filter((group) => group.count > 0);
  if (!groups.length) lines.push(c.green('  no failed statements in the window'));
  else {
    lines.push(c.dim(`  ${'events'.padStart(6)}  ${'baseline'.padStart(8)}  failure`));
    for (const group of groups.slice(0, 30)) lines.push(...groupLines(group, c, options.cwd));
    if (groups.length > 30) lines.push(c.dim(`  … and ${groups.length - 30} more kinds (--format json lists them all)`));
  }
  if (
    !result.valuesShown &&
    groups.some((g) => g.samples.some((s) => [s.message, s.detail, s.context, s.statement].some((t) => t?.includes('…'))))
  ) {
    lines.push(c.dim('  row values are shown as … (--show-values to see them)'));
  }
  if (result.activity) lines.push('', ...activityLines(result.activity, c));
  if (result.alerts.length) {
    lines.push('');
    for (const alert of result.alerts) lines.push(`${c.red(c.bold('ALERT'))}  ${alert.message}`);
  }
  for (const hook of result.hooks) {
    lines.push(hook.ok ? c.dim(`  onAlert hook called (${hook.ms} ms)`) : c.yellow(`  onAlert hook failed: ${hook.error}`));
  }
  const caused = groups.filter((group) => group.causedByDeploy);
  if (caused.length) {
    lines.push('', c.bold('Caused by the deploy'));
    for (const group of caused) lines.push(`  ${causedLine(group)}`);
  }
  if (result.next) {
    lines.push('', c.bold('Next'));
    for (const command of result.next.rollback) lines.push(`  ${command}${c.dim('   # roll back')}`);
    lines.push(`  ${result.next.incident}${c.dim('   # write the incident report')}`);
  }
  const notes = result.findings.filter((f) => f.severity !== 'error');
  if (notes.length) lines.push('', ...notes.map((f) => c.dim(`  ${f.severity === 'warning' ? 'warning' : 'note'}: ${f.message}`)));
  const s = result.summary;
  lines.push(
    '',
    `${s.alerts} alert${s.alerts === 1 ? '' : 's'} · ${s.events} event${s.events === 1 ? '' : 's'} of ${s.kinds} kind${s.kinds === 1 ? '' : 's'} · ${s.causedByDeploy} caused by the deploy — ${
      s.alerts ? c.red('something is failing since the deploy') : c.green('quiet')
    }`,
  );
  return `${lines.join('\n')}\n`;
}

/** The live view while following: one line per failure, rewritten every second. */
export function renderWatchProgress(progress: WatchProgress, colors: Colors, width: number): string[] {
  const c = colors;
  const remaining = progress.remainingMs === null ? '' : ` · ${duration(progress.remainingMs)} left`;
  const bytes = progress.sources.reduce((sum, s) => sum + s.bytes, 0);
  const lines = [
    `${c.bold('watching')} ${duration(progress.elapsedMs)}${remaining} · ${progress.sources.length} source${progress.sources.length === 1 ? '' : 's'} · ${megabytes(bytes)} read · ${
      progress.alerts ? c.red(`${progress.alerts} alert${progress.alerts === 1 ? '' : 's'}`) : c.green('no alerts')
    }`,
  ];
  const groups = progress.groups.filter((group) => group.count > 0).slice(0, 12);
  for (const group of groups) {
    const mark = group.causedByDeploy ? c.red(' ← deploy') : '';
    lines.push(`  ${String(group.count).padStart(6)}  ${group.label}${mark}`);
  }
  if (progress.activity)
    lines.push(c.dim(`  rollbacks ${progress.activity.rollbacks.perHour}/h (baseline ${progress.activity.rollbacks.baselinePerHour}/h)`));
  return lines.map((line) => (visible(line).length > width ? `${visible(line).slice(0, Math.max(10, width - 1))}…` : line));
}

function windowLine(result: WatchResult): string {
  const w = result.window;
  const mode = result.mode === 'follow' ? `followed for ${duration(w.followMs ?? 0)}` : 'once over the logs';
  const from =
    w.from === null
      ? 'every event read'
      : `from ${time(w.from)} (${{ since: '--since', deploy: 'the deploy', start: 'the start', none: '' }[w.fromBasis]})`;
  const baseline = w.baselineFrom && w.from ? `, baseline ${duration(Date.parse(w.from) - Date.parse(w.baselineFrom))} before` : '';
  return `${mode} · ${from}${baseline}`;
}

function deployLine(result: WatchResult, c: Colors): string {
  const d = result.deploy;
  if (!d.migrations.length) return c.dim(d.basis === 'none' ? 'unknown (no target history, no --migration)' : 'no migration found');
  const how = { history: 'newest in history', 'since-deploy': '--since-deploy', named: '--migration', none: '' }[d.basis];
  const list = d.migrations.map((m) => `${m.id}${m.appliedAt ? c.dim(` (applied ${time(m.appliedAt)})`) : ''}`).join(', ');
  return `${list} ${c.dim(`· ${how}`)}`;
}

function sourceLine(source: WatchSourceReport, cwd: string): string {
  const kind = source.kind === 'server-log' ? 'server log' : 'application log';
  const extra = [
    source.rotations ? `${source.rotations} rotation${source.rotations === 1 ? '' : 's'}` : '',
    source.otherDatabases ? `${source.otherDatabases} from other databases left out` : '',
  ].filter(Boolean);
  return `${kind} ${shownPath(source.label, cwd)} (${source.format}) · ${megabytes(source.bytes)} · ${source.events} error${source.events === 1 ? '' : 's'}${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
}

function groupLines(group: EventGroup, c: Colors, cwd: string): string[] {
  const baseline = group.baseline ? `${group.baseline.perHour}/h` : '—';
  const head = `  ${String(group.count).padStart(6)}  ${baseline.padStart(8)}  ${group.label} ${c.dim(`[${CLASS_NAMES[group.eventClass]}]`)}`;
  const lines = [
    group.causedByDeploy
      ? `${head}  ${c.red(`caused by the deploy: ${group.causedByDeploy.object} (${group.causedByDeploy.migration})`)}`
      : head,
  ];
  const indent = ' '.repeat(20);
  const sources = Object.entries(group.bySource).map(([label, count]) => `${shownPath(label, cwd)} ${count}`);
  lines.push(c.dim(`${indent}${span(group)}${sources.length > 1 ? ` · ${sources.join(', ')}` : ''}`));
  const sample = group.samples[0];
  if (sample) {
    lines.push(`${indent}${sample.prismaCode ? `${sample.prismaCode} ` : ''}${oneLine(sample.message)}`);
    if (sample.detail) lines.push(c.dim(`${indent}DETAIL ${oneLine(sample.detail)}`));
    if (sample.context) lines.push(c.dim(`${indent}CONTEXT ${oneLine(sample.context)}`));
    if (sample.statement) lines.push(c.dim(`${indent}STATEMENT ${oneLine(sample.statement)}`));
  }
  return lines;
}

/** "23514 on x, changed by m, 14 events in 3 min": the line the incident report quotes. */
function causedLine(group: EventGroup): string {
  const cause = group.causedByDeploy!;
  const verb = cause.change.endsWith('-added') ? 'added' : 'changed';
  const what = group.constraint ?? cause.object;
  return `${group.sqlState} on ${what}, ${verb} by ${cause.migration}, ${group.count} event${group.count === 1 ? '' : 's'} in ${spanDuration(group)}`;
}

function activityLines(activity: ActivityReport, c: Colors): string[] {
  const r = activity.rollbacks;
  const lines = [
    `${c.bold('Database statistics')} ${c.dim('(coarse signal)')}  ${r.during} transaction${r.during === 1 ? '' : 's'} rolled back over ${activity.samples} readings: ${r.perHour}/h, baseline ${r.baselinePerHour}/h since ${time(r.baselineSince)}`,
  ];
  for (const s of activity.statements ?? []) {
    const base = s.baselineCallsPerHour === null ? '' : ` (baseline ${s.baselineCallsPerHour} calls/h, ${s.baselineRowsPerHour} rows/h)`;
    lines.push(`  statements on ${s.table}: ${s.callsPerHour} calls/h, ${s.rowsPerHour} rows/h${base}`);
  }
  if (activity.statements === null)
    lines.push(
      c.dim(
        '  pg_stat_statements is not available in this database (CREATE EXTENSION, shared_preload_libraries): no per-table statement rates',
      ),
    );
  lines.push(c.dim(`  ${activity.note}`));
  return lines;
}

function shownPath(label: string, cwd: string): string {
  if (!path.isAbsolute(label)) return label;
  const relative = path.relative(cwd, label);
  return relative.startsWith('..') ? label : relative || '.';
}

function span(group: EventGroup): string {
  if (!group.firstAt || !group.lastAt) return '';
  return `${time(group.firstAt)} → ${time(group.lastAt)}`;
}

function spanDuration(group: EventGroup): string {
  if (!group.firstAt || !group.lastAt) return 'the window';
  return duration(Math.max(Date.parse(group.lastAt) - Date.parse(group.firstAt), 0));
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 6) / 10;
  return `${h} h`;
}

function time(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

// A line cut to the terminal's width loses its colours rather than leaving one open.
function visible(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
