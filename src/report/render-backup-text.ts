import type { BackupResult } from './backup-result.js';
import { formatBytes, formatSeconds } from './format-bytes.js';
import { targetLine } from './format-target.js';
import { shownPath, type PathTextOptions } from './shown-path.js';

export function renderBackupText(result: BackupResult, options: PathTextOptions): string {
  const c = options.colors;
  const a = result.archive;
  const t = result.timings;
  const lines = [
    `${c.bold('Target  ')}  ${targetLine(result.target, options.cwd)} · PostgreSQL ${result.server.version}`,
    `${c.bold('Backup  ')}  ${shownPath(result.file, options.cwd)}  ${c.dim(`${formatBytes(result.bytes)}, mode 0600, custom format`)}`,
    `${c.bold('Verified')}  ${c.green('✓')} pg_restore --list reads ${a.tocEntries} entries: ${a.tables} table${a.tables === 1 ? '' : 's'}, ${a.tableData} with rows, ${a.objects} objects to restore`,
    `${c.bold('Tools   ')}  pg_dump ${result.pgDump.version} ${c.dim(`(${result.pgDump.path})`)} · pg_restore ${result.pgRestore.version}`,
    `${c.bold('Time    ')}  ${formatSeconds(t.total)} ${c.dim(`(dump ${formatSeconds(t.backup ?? 0)}, verify ${formatSeconds(t.verify ?? 0)})`)}`,
  ];
  return `${lines.join('\n')}\n`;
}
