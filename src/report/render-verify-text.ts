import type { Finding } from '../core/finding.js';
import type { Colors } from './colors.js';
import { targetLine } from './format-target.js';
import { relativePath } from './relative-path.js';
import { renderFindingBlock } from './render-finding-block.js';
import type { VerifyCheck, VerifyCheckKind, VerifyResult } from './verify-result.js';

export interface VerifyTextOptions {
  readonly colors: Colors;
  readonly cwd: string;
}

const SECTIONS: readonly { readonly title: string; readonly kinds: readonly VerifyCheckKind[] }[] = [
  { title: 'Invariants', kinds: ['invariant'] },
  { title: 'Duplicates', kinds: ['unique'] },
  { title: 'Expected objects', kinds: ['expected-objects'] },
  {
    title: 'Health',
    kinds: [
      'index-invalid',
      'constraint-not-valid',
      'sequence-headroom',
      'sequence-behind-column',
      'foreign-key-unindexed',
      'security-definer-search-path',
      'rls-without-policy',
    ],
  },
];

/**
 * One line per check, ✓ or ✗ — the runbook's "All checks pass" picture. A passing line says what
 * was covered in a few words; a failing one is followed by its evidence: the count, sample rows,
 * the query that lists them all, and what to do.
 */
export function renderVerifyText(result: VerifyResult, options: VerifyTextOptions): string {
  const c = options.colors;
  const lines = [`${c.bold('Target ')}  ${targetLine(result.target, options.cwd)}`];
  if (result.project) {
    const p = result.project;
    const from = result.shadow?.fromCache;
    const source = result.shadow
      ? ` (expected objects ${from === 'catalog' ? 'from the cached catalog' : from === 'shadow' ? 'from the cached shadow' : 'replayed on the embedded shadow'})`
      : '';
    lines.push(
      `${c.bold('Project')}  ${p.tool} · ${relativePath(options.cwd, p.migrationsDir)} · ${p.applied} applied migration${p.applied === 1 ? '' : 's'}${source}`,
    );
    for (const note of result.shadow?.notes ?? []) lines.push(c.dim(`         ${note}`));
  }
  const width = Math.min(56, Math.max(...result.checks.map((check) => check.title.length)));
  for (const section of SECTIONS) {
    const checks = result.checks.filter((check) => section.kinds.includes(check.kind));
    if (checks.length === 0) continue;
    lines.push('', c.bold(section.title));
    for (const check of checks) {
      lines.push(checkLine(check, width, c));
      const findings = result.findings.filter((f) => f.evidence?.check === check.id);
      for (const finding of findings) lines.push(...renderFindingBlock(finding, c, '      ', { query: showsQuery(finding) }));
    }
  }
  lines.push('', summaryLine(result, c));
  return `${lines.join('\n')}\n`;
}

function checkLine(check: VerifyCheck, width: number, c: Colors): string {
  const mark = { pass: c.green('✓'), fail: c.red('✗'), warn: c.yellow('!'), skipped: c.dim('–') }[check.outcome];
  const title = check.title.length > width ? `${check.title.slice(0, width - 1)}…` : check.title.padEnd(width);
  const summary = check.outcome === 'pass' || check.outcome === 'skipped' ? c.dim(check.summary) : check.summary;
  return `  ${mark} ${title}  ${summary}`;
}

// The SQL listing every offending row is evidence for rows found; for a failed query it is the query itself.
function showsQuery(finding: Finding): boolean {
  return finding.ruleId === 'invariant-violated' || finding.ruleId === 'unique-duplicates' || finding.ruleId === 'query-failed';
}

function summaryLine(result: VerifyResult, c: Colors): string {
  const s = result.summary;
  const ran = s.checks - s.skipped;
  if (s.errors === 0 && s.warnings === 0) {
    return (
      c.green(`All ${ran} check${ran === 1 ? '' : 's'} pass${ran === 1 ? 'es' : ''}.`) + (s.skipped ? c.dim(` (${s.skipped} skipped)`) : '')
    );
  }
  const parts = [
    `${s.passed} pass`,
    s.failed ? c.red(`${s.failed} fail${s.failed === 1 ? 's' : ''}`) : '',
    s.warned ? c.yellow(`${s.warned} with warnings`) : '',
    s.skipped ? `${s.skipped} skipped` : '',
  ].filter(Boolean);
  const counts = `${s.errors} error${s.errors === 1 ? '' : 's'} · ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
  const verdict = s.errors ? c.red('verification failed') : c.yellow('passed with warnings');
  return `${s.checks} checks: ${parts.join(', ')} — ${counts} — ${verdict}`;
}
