import type { StatementFields } from './statement.js';

export interface NodePosition {
  /** JavaScript string offset into the file. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/**
 * File position of an AST node's `location` (a UTF-8 byte offset into the file) inside a
 * statement. An absent or negative location (PostgreSQL's "unknown"; libpg-query also omits 0)
 * gives the statement's own position, so a rule always has a place to point at.
 */
export function nodePosition(statement: StatementFields, location: number | undefined): NodePosition {
  const fallback = { offset: statement.start, line: statement.line, column: statement.column };
  if (location === undefined || location < statement.byteStart) return fallback;
  const text = statement.text;
  let remaining = location - statement.byteStart;
  let index = 0;
  let line = statement.line;
  let lineStart = -1;
  while (remaining > 0 && index < text.length) {
    const unit = text.charCodeAt(index);
    if (unit === 10) {
      line++;
      lineStart = index + 1;
    }
    const pair = unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length;
    remaining -= unit < 0x80 ? 1 : unit < 0x800 ? 2 : pair ? 4 : 3;
    index += pair ? 2 : 1;
  }
  const column = lineStart === -1 ? statement.column + index : index - lineStart + 1;
  return { offset: statement.start + index, line, column };
}
