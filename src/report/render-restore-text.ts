import { formatBytes, formatSeconds } from './format-bytes.js';
import { targetLine } from './format-target.js';
import { shownPath, type PathTextOptions } from './shown-path.js';
import type { RestoreResult } from './restore-result.js';

export function renderRestoreText(result: RestoreResult, options: PathTextOptions): string {
  const c = options.colors;
  const a = result.archive;
  const t = result.timings;
  const how = [result.created ? 'database created' : '', result.cleaned ? `--clean: the backup's objects dropped first` : '']
    .filter(Boolean)
    .join(', ');
  const lines = [
    `${c.bold('Target  ')}  ${targetLine(result.target, options.cwd)}${how ? c.dim(` (${how})`) : ''}`,
    `${c.bold('Backup  ')}  ${shownPath(result.file, options.cwd)}  ${c.dim(`${formatBytes(result.bytes)}${a.dumpedFrom ? `, dumped from ${a.dumpedFrom}` : ''}${a.dumpedBy ? ` by pg_dump ${a.dumpedBy}` : ''}`)}`,
    `${c.bold('Restored')}  ${c.green('✓')} ${a.objects} objects (${a.tables} table${a.tables === 1 ? '' : 's'}, ${a.tableData} with rows) in one transaction · ${result.tablesAfter} table${result.tablesAfter === 1 ? '' : 's'} in the database now (${result.tablesBefore} before)`,
    ...(result.confirmedBy
      ? [`${c.bold('Confirmed')} production, by ${result.confirmedBy === 'typed-name' ? 'typing the database name' : '--yes with --env'}`]
      : []),
    `${c.bold('Time    ')}  ${formatSeconds(t.total)} ${c.dim(`(verify ${formatSeconds(t.verify ?? 0)}, restore ${formatSeconds(t.restore ?? 0)})`)}`,
  ];
  return `${lines.join('\n')}\n`;
}
