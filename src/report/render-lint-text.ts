import type { Finding, Severity } from '../core/finding.js';
import type { Colors } from './colors.js';
import type { LintResult } from './lint-result.js';
import { renderCodeFrame } from './render-code-frame.js';

const ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Findings grouped by file, each with its code frame, rule id, message and recipe. */
export function renderLintText(result: LintResult, options: { readonly colors: Colors }): string {
  const c = options.colors;
  const paint: Readonly<Record<Severity, (text: string) => string>> = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) byFile.set(finding.file ?? '', [...(byFile.get(finding.file ?? '') ?? []), finding]);
  for (const [file, findings] of byFile) {
    for (const f of [...findings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || ORDER[a.severity] - ORDER[b.severity])) {
      lines.push(`${c.bold(`${file}:${f.line ?? 1}:${f.column ?? 1}`)}  ${paint[f.severity](f.severity)}  ${c.dim(f.ruleId)}`);
      lines.push(`  ${f.message}`);
      const statement = f.evidence?.statement;
      if (typeof statement === 'string' && f.line) lines.push(...renderCodeFrame(statement, f.line, f.column ?? 1, c));
      if (f.help) lines.push(`  ${c.cyan('→')} ${f.help}`);
      lines.push('');
    }
  }
  const s = result.summary;
  const counts = `${s.errors} error${s.errors === 1 ? '' : 's'} · ${s.warnings} warning${s.warnings === 1 ? '' : 's'} · ${s.infos} info`;
  lines.push(
    `${counts} in ${s.files} file${s.files === 1 ? '' : 's'}${result.target ? '' : c.dim(' (no target: sizes unknown, severities as the rules set them)')}`,
  );
  return `${lines.join('\n')}\n`;
}
