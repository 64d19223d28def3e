import type { Finding } from '../core/finding.js';
import { ensureParser, loadedParser } from './ensure-parser.js';
import { gapComments } from './gap-comments.js';
import { rawStatement, type RawStatement } from './raw-statement.js';
import { recoverStatements } from './recover-statements.js';
import { routineBodyOf } from './routine-body-of.js';
import { scanSqlSync } from './scan-sql.js';
import { SourceText } from './source-text.js';
import type { StatementSpan } from './split-statements.js';
import type { Statement, StatementFields } from './statement.js';

export interface ParseSqlOptions {
  /** Path shown in findings (relative to the project, as the user sees it). */
  readonly file?: string;
  /** Parse PL/pgSQL and SQL bodies of CREATE FUNCTION/PROCEDURE and DO (default true). */
  readonly bodies?: boolean;
}

export interface ParsedSql {
  readonly statements: readonly Statement[];
  /** `syntax-error` findings, in file order; statements around a bad one are still returned. */
  readonly errors: readonly Finding[];
}

export async function parseSql(text: string, options: ParseSqlOptions = {}): Promise<ParsedSql> {
  await ensureParser();
  return parseSqlSync(text, options);
}

/**
 * Splits and parses a SQL file with PostgreSQL's grammar. A file that parses is parsed in one call;
 * one that does not is split where psql would split it (by the real scanner) and each piece is
 * parsed alone, so one bad statement neither hides the others nor shifts their positions.
 */
export function parseSqlSync(text: string, options: ParseSqlOptions = {}): ParsedSql {
  const parser = loadedParser();
  // PostgreSQL rejects a byte-order mark; read it as the space it stands for (same UTF-16 length).
  const source = new SourceText(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  if (source.text.trim() === '') return { statements: [], errors: [] };

  const raws: RawStatement[] = [];
  const failed: StatementSpan[] = [];
  const errors: Finding[] = [];
  try {
    for (const raw of parser.parseSync(source.text).stmts ?? []) raws.push(rawStatement(source, raw, 0, source.text.length));
  } catch (error) {
    if (!parser.hasSqlDetails(error)) throw error;
    const recovered = recoverStatements(source, source.indexOfCodePoint(error.sqlDetails!.cursorPosition), options.file);
    raws.push(...recovered.raws);
    failed.push(...recovered.failed);
    errors.push(...recovered.errors);
  }

  const statements: Statement[] = [];
  let previousEnd = 0;
  let nextFailed = 0;
  for (const raw of raws) {
    // Text of a rejected piece is not a gap: a `--` inside its strings is no comment.
    while (nextFailed < failed.length && failed[nextFailed]!.end <= raw.start)
      previousEnd = Math.max(previousEnd, failed[nextFailed++]!.end);
    const end = trimmedEnd(source, raw.start, raw.end);
    const startAt = source.position(raw.start);
    const endAt = source.position(Math.max(raw.start, end - 1));
    const kind = Object.keys(raw.node)[0]!;
    const fields: StatementFields & { kind: string; ast: unknown } = {
      index: statements.length,
      kind,
      ast: (raw.node as Record<string, unknown>)[kind],
      text: source.text.slice(raw.start, end),
      start: raw.start,
      end,
      byteStart: raw.byteStart,
      line: startAt.line,
      column: startAt.column,
      endLine: endAt.line,
      endColumn: endAt.column,
      leadingComments: gapComments(source, previousEnd, raw.start),
      node: raw.node,
    };
    let statement = fields as Statement;
    if (options.bodies !== false) {
      const parsedBody = routineBodyOf(statement, options.file);
      if (parsedBody.body) statement = { ...statement, body: parsedBody.body } as Statement;
      errors.push(...parsedBody.errors);
    }
    statements.push(statement);
    previousEnd = end;
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { statements, errors };
}

/**
 * Where a statement's text ends: its last token. The parser's length runs to the semicolon (or,
 * for the last statement, to the end of the file), so trailing whitespace and comments are cut.
 */
function trimmedEnd(source: SourceText, start: number, end: number): number {
  const text = source.text;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  const lastLine = text.slice(Math.max(start, text.lastIndexOf('\n', end - 1) + 1), end);
  // Only a statement whose last line has `--` or that ends in `*/` can end in a comment.
  if (!lastLine.includes('--') && !text.startsWith('*/', end - 2)) return end;
  const scan = scanSqlSync(text.slice(start, end));
  const last = scan.tokens.filter((token) => token.kind !== 'comment').at(-1);
  return last ? start + last.end : end;
}
