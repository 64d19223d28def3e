import type { Finding, Severity } from '../core/finding.js';
import type { Colors } from './colors.js';

const LABEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'info' };

/** Findings as a person reads them: severity, rule, message, location, then what to do. */
export function renderFindingsText(findings: readonly Finding[], c: Colors): string {
  if (findings.length === 0) return '';
  const paint: Readonly<Record<Severity, (text: string) => string>> = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  for (const finding of findings) {
    const where = finding.file
      ? ` ${c.dim(`${finding.file}${finding.line ? `:${finding.line}${finding.column ? `:${finding.column}` : ''}` : ''}`)}`
      : '';
    lines.push(`  ${paint[finding.severity](LABEL[finding.severity].padEnd(7))} ${c.dim(finding.ruleId)}${where}`);
    lines.push(`          ${finding.message}`);
    if (finding.help) lines.push(`          ${c.cyan('→')} ${finding.help}`);
  }
  return lines.join('\n');
}
