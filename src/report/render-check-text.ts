import type { Finding, Severity } from '../core/finding.js';
import type { CheckedMigration, CheckResult } from './check-result.js';
import type { Colors } from './colors.js';
import { targetLine } from './format-target.js';
import { relativePath } from './relative-path.js';
import { renderFindingBlock } from './render-finding-block.js';

export interface CheckTextOptions {
  readonly colors: Colors;
  readonly cwd: string;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

const LEVEL_WORD = { 1: 'no schema change to existing objects', 2: 'additive', 3: 'modifying' } as const;

/** Per migration: its level, what it changes, what breaks, the proof, and what to do. */
export function renderCheckText(result: CheckResult, options: CheckTextOptions): string {
  const c = options.colors;
  const lines: string[] = [];
  lines.push(
    `${c.bold('Target ')}  ${result.target ? targetLine(result.target, options.cwd) : c.yellow('none — data probes skipped (pass --url, --env or set DATABASE_URL)')}`,
  );
  lines.push(`${c.bold('Project')}  ${relativePath(options.cwd, result.layout.projectRoot)} · ${result.layout.tool}`);
  const shadow = result.shadow;
  lines.push(
    `${c.bold('Shadow ')}  ${shadow.kind === 'server' ? `scratch database ${shadow.database} on ${shadow.host} (dropped after the run)` : 'embedded PGlite'}, ${shadow.replayed} migration${shadow.replayed === 1 ? '' : 's'} replayed${shadow.fromCache ? ' (from cache)' : ''}`,
  );
  const basis = { 'target history': "from the target's history", named: 'as named', latest: 'the newest, no target to ask' }[result.basis];
  lines.push(`${c.bold('Pending')}  ${result.migrations.length} migration${result.migrations.length === 1 ? '' : 's'} (${basis})`);
  for (const note of shadow.notes) lines.push(c.dim(`         ${note}`));

  for (const migration of result.migrations) {
    lines.push(
      '',
      ...renderMigration(
        migration,
        // What breaks first, then what to review, then notes.
        result.findings.filter((f) => f.migration === migration.id).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
        options,
      ),
    );
  }
  const general = result.findings.filter((f) => !f.migration || !result.migrations.some((m) => m.id === f.migration));
  if (general.length) lines.push('', ...general.flatMap((f) => renderFindingBlock(f, c, '  ')));

  lines.push('');
  if (result.probes.ran) {
    lines.push(c.dim(`Data probes: ${result.probes.count} ran on the target, read-only.`));
  } else {
    lines.push(c.dim(`Data probes skipped: ${result.probes.skippedReason ?? 'nothing to probe'}.`));
  }
  lines.push(summaryLine(result, c));
  return `${lines.join('\n')}\n`;
}

function renderMigration(migration: CheckedMigration, findings: readonly Finding[], options: CheckTextOptions): string[] {
  const c = options.colors;
  const level =
    migration.level === null
      ? c.red(migration.outcome === 'not-checked' ? 'not checked (an earlier migration failed)' : 'fails on the shadow')
      : `${levelColor(migration.level, c)(`level ${migration.level}`)} — ${LEVEL_WORD[migration.level]}`;
  const lines = [`${c.bold(migration.id)}  ${level}`, c.dim(`  ${migration.path}`)];
  if (migration.effects.length) {
    lines.push('  changes');
    for (const effect of migration.effects) {
      const at = effect.line === undefined ? '       ' : `line ${String(effect.line).padEnd(3)}`;
      lines.push(`    ${c.dim(at)} ${effect.summary}${effect.inferred ? c.dim(' (by a DO block or function)') : ''}`);
    }
  } else if (migration.outcome === 'checked') {
    lines.push(c.dim('  changes nothing in the schema'));
  }
  if (migration.level !== null && migration.levelReasons.length) {
    // The first reasons say why; a migration that changes sixty things needs no sixty-item sentence.
    const shown = migration.levelReasons.slice(0, 4);
    const more = migration.levelReasons.length - shown.length;
    lines.push(
      `  ${c.dim(`level ${migration.level} because`)} ${shown.join('; ')}${more > 0 ? c.dim(`; and ${more} more (--format json lists all)`) : ''}`,
    );
  }
  for (const finding of findings) lines.push(...renderFindingBlock(finding, c, '  '));
  return lines;
}

function levelColor(level: 1 | 2 | 3, c: Colors): (text: string) => string {
  return level === 3 ? c.red : level === 2 ? c.yellow : c.green;
}

function summaryLine(result: CheckResult, c: Colors): string {
  const s = result.summary;
  const counts = [`${s.errors} error${s.errors === 1 ? '' : 's'}`, `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`];
  if (s.infos) counts.push(`${s.infos} info`);
  const verdict =
    s.errors > 0
      ? c.red('must not ship as it is')
      : s.warnings > 0
        ? c.yellow('review the warnings before deploying')
        : c.green('safe to deploy');
  const level = s.level === null ? '' : ` · highest level ${s.level}`;
  return `${counts.join(' · ')}${level} — ${verdict}`;
}
