import type { ServerLogFormat } from './watch-event.js';

const EXTENSIONS: Readonly<Record<string, ServerLogFormat>> = { '.csv': 'csvlog', '.json': 'jsonlog', '.log': 'stderr' };

/** The file extension PostgreSQL's collector gives each format (log_filename's .log becomes .csv / .json). */
export function logExtension(format: ServerLogFormat): string {
  return Object.entries(EXTENSIONS).find(([, f]) => f === format)![0];
}

/**
 * A server log's format from its name, else from its first line: jsonlog is a JSON object per line,
 * csvlog starts with a quoted-or-bare timestamp followed by a comma, anything else is read as stderr.
 */
export function detectLogFormat(name: string, head: string): ServerLogFormat {
  const extension = /\.[a-z]+$/i.exec(name)?.[0].toLowerCase();
  if (extension && extension !== '.log' && EXTENSIONS[extension]) return EXTENSIONS[extension]!;
  const first = head.split('\n', 1)[0] ?? '';
  if (first.startsWith('{')) return 'jsonlog';
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [A-Za-z0-9+:-]+,/.test(first)) return 'csvlog';
  return 'stderr';
}
