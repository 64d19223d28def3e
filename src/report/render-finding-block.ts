import type { Finding, Severity } from '../core/finding.js';
import type { Colors } from './colors.js';
import { renderSamples } from './render-samples.js';

/**
 * One finding as a block under what it is about: severity, rule and location, the message, the
 * sample rows of its evidence, optionally the query that lists them all, then what to do.
 */
export function renderFindingBlock(finding: Finding, c: Colors, indent: string, options: { readonly query?: boolean } = {}): string[] {
  const paint: Readonly<Record<Severity, (text: string) => string>> = { error: c.red, warning: c.yellow, info: c.blue };
  const at = finding.file
    ? ` ${c.dim(`${finding.file}${finding.line ? `:${finding.line}${finding.column ? `:${finding.column}` : ''}` : ''}`)}`
    : '';
  const lines = [
    `${indent}${paint[finding.severity](finding.severity.padEnd(7))} ${c.dim(finding.ruleId)}${at}`,
    `${indent}        ${finding.message}`,
  ];
  const samples = finding.evidence?.samples;
  if (Array.isArray(samples) && samples.length) {
    lines.push(
      ...renderSamples(samples as Record<string, unknown>[], `${indent}          `).map((line, i) => (i === 0 ? c.dim(line) : line)),
    );
  }
  const query = finding.evidence?.query;
  if (options.query && typeof query === 'string') lines.push(`${indent}        ${c.dim('all:')} ${query.replace(/\s*\n\s*/g, ' ')}`);
  if (finding.help) lines.push(`${indent}        ${c.cyan('→')} ${finding.help}`);
  return lines;
}
