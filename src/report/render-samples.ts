/**
 * Sample rows from a finding's evidence as a small aligned table, so the proof sits under the
 * claim. Values are shown as PostgreSQL would print them; long ones are cut.
 */
export function renderSamples(samples: readonly Readonly<Record<string, unknown>>[], indent: string, maxWidth = 40): string[] {
  if (samples.length === 0) return [];
  const columns = [...new Set(samples.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown): string => {
    const text = value === null || value === undefined ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
  };
  const rows = samples.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => `${indent}${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(columns), ...rows.map(line)];
}
