import { parseLogTimestamp } from './log-timestamp.js';
import type { RecordFormat } from './needle-scanner.js';
import { optional } from './optional-field.js';
import { splitLoggedMessage } from './postgres-message.js';
import type { WatchEvent } from './watch-event.js';

const NEWLINE = 0x0a;
const TAB = 0x09;
// Where the severity can start: after any log_line_prefix people use (`%m [%p] `,
// `%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h `, `%m [%p] %q%u@%d `…). Longer prefixes are rare.
const HEAD = 400;

const SEVERITY = /(?:^|[\s\]:])(ERROR|DETAIL|HINT|CONTEXT|STATEMENT|QUERY|LOCATION|LOG|WARNING|NOTICE|INFO|FATAL|PANIC|DEBUG[1-5]?):  /;
const PART_OF_ENTRY = new Set(['DETAIL', 'HINT', 'CONTEXT', 'STATEMENT', 'QUERY', 'LOCATION']);

/**
 * stderr (and syslog-style files): one entry is an `ERROR:` line followed by its `DETAIL:`,
 * `HINT:`, `CONTEXT:` and `STATEMENT:` lines, each with the same log_line_prefix, and lines
 * continued with a tab. PostgreSQL writes an entry in one piece, so at the end of the data read so
 * far the entry is complete. The SQLSTATE is inferred from the message (or read from a verbose
 * `ERROR:  23514: …`).
 */
export const stderrLogFormat: RecordFormat = {
  needles: ['ERROR:  '],
  recordEnd(data, start, atEnd) {
    let end = data.indexOf(NEWLINE, start);
    if (end < 0) return atEnd && data.length > start ? data.length : -1;
    for (;;) {
      const lineStart = end + 1;
      if (lineStart >= data.length) return atEnd ? lineStart : -1;
      const lineEnd = data.indexOf(NEWLINE, lineStart);
      if (lineEnd < 0) return atEnd ? lineStart : -1;
      if (data[lineStart] !== TAB) {
        const severity = SEVERITY.exec(data.toString('latin1', lineStart, Math.min(lineEnd, lineStart + HEAD)))?.[1];
        if (!severity || !PART_OF_ENTRY.has(severity)) return lineStart;
      }
      end = lineEnd;
    }
  },
  parse(records) {
    return records.map((record) => stderrEvent(record.toString('utf8')));
  },
};

function stderrEvent(text: string): WatchEvent | undefined {
  if (text.startsWith('\t')) return undefined;
  const parts: { severity: string; prefix: string; text: string }[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const current = parts.at(-1);
    if (line.startsWith('\t') && current) {
      current.text += `\n${line.slice(1)}`;
      continue;
    }
    const match = SEVERITY.exec(line.slice(0, HEAD));
    if (!match) continue;
    const keywordAt = match.index + match[0].length - match[1]!.length - 3;
    parts.push({ severity: match[1]!, prefix: line.slice(0, keywordAt), text: line.slice(match.index + match[0].length) });
  }
  const head = parts[0];
  if (head?.severity !== 'ERROR') return undefined;
  const field = (severity: string): string | undefined => parts.find((part) => part.severity === severity)?.text;
  const { sqlState, message } = splitLoggedMessage(head.text);
  return {
    at: parseLogTimestamp(head.prefix),
    sqlState,
    message,
    ...optional('detail', field('DETAIL')),
    ...optional('hint', field('HINT')),
    ...optional('context', field('CONTEXT')),
    ...optional('statement', field('STATEMENT')),
  };
}
