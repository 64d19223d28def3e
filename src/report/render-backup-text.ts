import path from 'node:path';
import type { BackupResult } from './backup-result.js';
import type { Colors } from './colors.js';
import { formatBytes, formatSeconds } from './format-bytes.js';
import { targetLine } from './format-target.js';

export interface BackupTextOptions {
  readonly colors: Colors;
  /** Paths are shown relative to this folder. */
  readonly cwd: string;
}

export function renderBackupText(result: BackupResult, options: BackupTextOptions): string {
  const c = options.colors;
  const a = result.archive;
  const t = result.timings;
  const lines = [
    `${c.bold('Target  ')}  ${targetLine(result.target, options.cwd)} · PostgreSQL ${result.server.version}`,
    `${c.bold('Backup  ')}  ${shown(result.file, options.cwd)}  ${c.dim(`${formatBytes(result.bytes)}, mode 0600, custom format`)}`,
    `${c.bold('Verified')}  ${c.green('✓')} pg_restore --list reads ${a.tocEntries} entries: ${a.tables} table${a.tables === 1 ? '' : 's'}, ${a.tableData} with rows, ${a.objects} objects to restore`,
    `${c.bold('Tools   ')}  pg_dump ${result.pgDump.version} ${c.dim(`(${result.pgDump.path})`)} · pg_restore ${result.pgRestore.version}`,
    `${c.bold('Time    ')}  ${formatSeconds(t.total)} ${c.dim(`(dump ${formatSeconds(t.backup ?? 0)}, verify ${formatSeconds(t.verify ?? 0)})`)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The path a person can paste: relative to where they are when it lies below it. */
export function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
