import type { Finding } from '../core/finding.js';
import { bodyOffsetPosition } from './embedded-position.js';
import { parseSqlSync } from './parse-sql.js';
import type { EmbeddedSql, RoutineBody } from './routine-body.js';
import { shiftLocations } from './shift-locations.js';

export interface SqlBodyInput {
  readonly source: string;
  readonly firstLine: number;
  readonly firstColumn: number;
  readonly file?: string;
  readonly name: string;
}

export interface ParsedSqlBody {
  readonly body: RoutineBody;
  readonly errors: readonly Finding[];
}

/**
 * A LANGUAGE sql body (AS '…'): its statements, each an embedded statement with its line. Lines
 * are exact; columns on the first line are exact for dollar-quoted bodies (a quoted body's doubled
 * quotes shift them).
 */
export function parseSqlBody(input: SqlBodyInput): ParsedSqlBody {
  const parsed = parseSqlSync(input.source, { bodies: false });
  const toFile = (bodyLine: number): number => input.firstLine + bodyLine - 1;
  const embedded: EmbeddedSql[] = parsed.statements.map((statement) => {
    // Offsets into the body become offsets into the statement's own text, as for PL/pgSQL.
    shiftLocations(statement.node, -statement.byteStart);
    return {
      kind: 'statement',
      text: statement.text,
      node: statement.node,
      context: 'sql',
      bodyLine: statement.line,
      line: toFile(statement.line),
      column: bodyOffsetPosition(input, statement.start).column,
      bodyOffset: statement.start,
    };
  });
  const errors = parsed.errors.map((error): Finding => ({
    ...error,
    ...(input.file === undefined ? {} : { file: input.file }),
    line: toFile(error.line ?? 1),
    ...(error.line === 1 && error.column !== undefined ? { column: input.firstColumn + error.column - 1 } : {}),
    evidence: { routine: input.name, language: 'sql', bodyLine: error.line ?? 1 },
  }));
  return { body: { language: 'sql', source: input.source, firstLine: input.firstLine, firstColumn: input.firstColumn, embedded }, errors };
}
