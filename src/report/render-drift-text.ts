import type { Colors } from './colors.js';
import type { DriftItem, DriftResult } from './drift-result.js';
import { targetLine } from './format-target.js';
import { renderFindingsText } from './render-findings-text.js';

export interface DriftTextOptions {
  readonly colors: Colors;
  readonly cwd: string;
}

const LABEL_WIDTH = 9;

export function renderDriftText(result: DriftResult, options: DriftTextOptions): string {
  const c = options.colors;
  if (result.allowlist !== undefined) return result.allowlist;
  const shadow = result.shadow.kind === 'server' ? `a scratch database on ${result.shadow.host ?? 'the server'}` : 'embedded PGlite';
  const lines: string[] = [
    `${c.bold('Target  ')}  ${targetLine(result.target, options.cwd)}`,
    `${c.bold('Expected')}  ${result.layout.tool} · ${result.expected.migrations} applied migration(s) replayed on ${shadow}${
      result.shadow.fromCache ? ' (from cache)' : ''
    }`,
    '',
  ];
  const unexpected = result.items.filter((i) => !i.allowed);
  for (const item of unexpected) lines.push(...renderItem(item, c), '');
  const allowed = result.items.filter((i) => i.allowed);
  if (allowed.length) {
    lines.push(c.bold('Known drift (drift.allow)'));
    for (const item of allowed) lines.push(`  ${c.dim('allowed'.padEnd(LABEL_WIDTH))} ${item.object} ${c.dim(`— ${item.reason ?? ''}`)}`);
    lines.push('');
  }
  const other = renderFindingsText(
    result.findings.filter((f) => f.ruleId !== 'schema-drift' && f.ruleId !== 'schema-drift-allowed'),
    c,
  );
  if (other) lines.push(other, '');
  if (result.remediation.length) {
    lines.push(c.bold('Remediation') + c.dim(' — target → migrations, every unexpected item; review before running'));
    lines.push(...result.remediation.flatMap((sql) => sql.split('\n').map((line) => `  ${line}`)), '');
  }
  lines.push(summaryLine(result, c));
  return `${lines.join('\n')}\n`;
}

function renderItem(item: DriftItem, c: Colors): string[] {
  const paint = item.kind === 'different' ? c.yellow : c.red;
  const lines = [`${paint(item.kind.padEnd(LABEL_WIDTH + 2))}${c.bold(item.object)}`];
  const field = (label: string, text: string): void => {
    const [first, ...rest] = text.split('\n');
    lines.push(`  ${c.dim(label.padEnd(LABEL_WIDTH))} ${first}`);
    for (const line of rest) lines.push(`  ${' '.repeat(LABEL_WIDTH)} ${line}`);
  };
  if (item.expected !== null) field('expected', item.expected);
  if (item.actual !== null) field('actual', item.actual);
  field(item.kind === 'extra' ? 'drop' : 'fix', item.remediation.join('\n'));
  if (item.adopt) field('adopt', item.adopt.join('\n'));
  return lines;
}

function summaryLine(result: DriftResult, c: Colors): string {
  const s = result.summary;
  if (s.unexpected === 0) {
    const notes = [s.allowed ? `${s.allowed} known` : '', s.stale ? `${s.stale} stale allowlist entr${s.stale === 1 ? 'y' : 'ies'}` : '']
      .filter(Boolean)
      .join(' · ');
    return `${c.green('no unexpected drift')}${notes ? ` (${notes})` : ''}: the schema matches the migrations`;
  }
  const parts = (['missing', 'extra', 'different'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  if (s.allowed) parts.push(`${s.allowed} allowed`);
  if (s.stale) parts.push(`${s.stale} stale`);
  return `${parts.join(' · ')} — ${c.red('the schema has drifted from the migrations')}`;
}
