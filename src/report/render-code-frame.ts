import type { Colors } from './colors.js';

/**
 * The statement under a finding, as a code frame: its first lines numbered as in the file, the
 * first underlined from the reported column. Built from the finding's own evidence (the statement
 * text), so JSON consumers and the text report see the same thing.
 */
export function renderCodeFrame(statement: string, line: number, column: number, c: Colors, indent = '    ', maxLines = 3): string[] {
  const lines = statement.split('\n');
  const shown = lines.slice(0, maxLines);
  const width = String(line + shown.length - 1).length;
  const out: string[] = [];
  shown.forEach((text, i) => {
    const number = String(line + i).padStart(width);
    // Only the first line starts at `column`; the statement text begins there.
    const prefix = i === 0 ? ' '.repeat(Math.max(0, column - 1)) : '';
    out.push(`${indent}${c.dim(`${number} │`)} ${prefix}${text}`);
    if (i === 0) out.push(`${indent}${' '.repeat(width)} ${c.dim('│')} ${prefix}${c.red('^'.repeat(Math.max(1, text.trimEnd().length)))}`);
  });
  if (lines.length > maxLines)
    out.push(
      `${indent}${' '.repeat(width)} ${c.dim(`│ … ${lines.length - maxLines} more line${lines.length - maxLines === 1 ? '' : 's'}`)}`,
    );
  return out;
}
