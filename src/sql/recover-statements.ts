import type { Finding } from '../core/finding.js';
import { loadedParser } from './ensure-parser.js';
import { rawStatement, type RawStatement } from './raw-statement.js';
import { scanSqlSync } from './scan-sql.js';
import { shiftLocations } from './shift-locations.js';
import type { SourceText } from './source-text.js';
import { splitStatements, type StatementSpan } from './split-statements.js';
import { syntaxErrorFinding } from './syntax-error-finding.js';

export interface RecoveredStatements {
  readonly raws: readonly RawStatement[];
  /** Pieces PostgreSQL rejects; their text is neither a statement nor a gap between statements. */
  readonly failed: readonly StatementSpan[];
  readonly errors: readonly Finding[];
}

/**
 * The statements of a file that does not parse as a whole: the file is split where psql would
 * split it and each piece is parsed alone, so one bad statement neither hides the others nor
 * shifts their positions. `stoppedAt` is where the whole-file parse failed.
 */
export function recoverStatements(source: SourceText, stoppedAt: number, file: string | undefined): RecoveredStatements {
  const parser = loadedParser();
  const raws: RawStatement[] = [];
  const failed: StatementSpan[] = [];
  const errors: Finding[] = [];
  const queue = spansOf(source, stoppedAt);
  for (let span = queue.shift(); span; span = queue.shift()) {
    // With its semicolon, a piece fails with the message PostgreSQL gives when psql sends it.
    const piece = source.text.slice(span.start, span.semicolon === undefined ? span.end : span.semicolon + 1);
    const byteStart = source.byteOfIndex(span.start);
    try {
      for (const raw of parser.parseSync(piece).stmts ?? []) {
        shiftLocations(raw, byteStart);
        raws.push(rawStatement(source, raw, byteStart, span.end));
      }
    } catch (error) {
      if (!parser.hasSqlDetails(error)) throw error;
      const at = source.indexOfCodePoint(error.sqlDetails!.cursorPosition, span.start);
      const rest = at < span.end && source.text[at] === ';' ? resplit(source, span, at) : undefined;
      failed.push(rest ? { start: span.start, end: at, terminated: true, semicolon: at } : span);
      if (rest) queue.unshift(...rest);
      const position = source.position(at);
      errors.push(syntaxErrorFinding({ message: error.message, file, line: position.line, column: position.column }));
    }
  }
  return { raws, failed, errors };
}

/**
 * The parser stopped at a semicolon that psql's splitter took to be nested (an unclosed
 * parenthesis, a BEGIN without END): the statement ends there, and the rest of the piece is split
 * afresh instead of being lost with it.
 */
function resplit(source: SourceText, span: StatementSpan, semicolon: number): StatementSpan[] | undefined {
  const scan = scanSqlSync(source.text.slice(semicolon + 1, span.end));
  if (!scan.valid) return undefined;
  const spans = splitStatements(scan.tokens).map((s) => ({
    start: s.start + semicolon + 1,
    end: s.end + semicolon + 1,
    terminated: s.terminated,
    ...(s.semicolon === undefined ? {} : { semicolon: s.semicolon + semicolon + 1 }),
  }));
  const last = spans.at(-1);
  if (last && !last.terminated && span.semicolon !== undefined)
    spans[spans.length - 1] = { ...last, terminated: true, semicolon: span.semicolon };
  return spans;
}

/**
 * When the scanner itself fails (an unterminated string or comment, a token like `1abc`) it does not
 * say where; but the whole-file parse stopped at `stoppedAt`, so the text before that lexes: its
 * complete statements are split as usual, and the rest of the file is one piece, as PostgreSQL
 * reads an unterminated literal.
 */
function spansOf(source: SourceText, stoppedAt: number): StatementSpan[] {
  const scan = scanSqlSync(source.text, source);
  if (scan.valid) return splitStatements(scan.tokens);
  const spans = splitStatements(scanSqlSync(source.text.slice(0, stoppedAt)).tokens);
  const open = spans.at(-1)?.terminated === false ? spans.pop() : undefined;
  let start = open?.start ?? stoppedAt;
  while (start < source.text.length && /\s/.test(source.text[start]!)) start++;
  let end = source.text.length;
  while (end > start && /\s/.test(source.text[end - 1]!)) end--;
  if (end > start) spans.push({ start, end, terminated: false });
  return spans;
}
