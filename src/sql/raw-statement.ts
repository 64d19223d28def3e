import type { Node, RawStmt } from 'libpg-query';
import type { SourceText } from './source-text.js';

/** A statement before its text and position are worked out; offsets are into the file. */
export interface RawStatement {
  readonly node: Node;
  readonly start: number;
  /** The parser's end: the semicolon, or the end of the piece; trailing comments not yet cut. */
  readonly end: number;
  readonly byteStart: number;
}

/**
 * `raw` comes from parsing the whole file (pieceByteStart 0) or one piece whose AST offsets were
 * already shifted to file offsets; libpg-query omits a stmt_location of 0, the piece start.
 */
export function rawStatement(source: SourceText, raw: RawStmt, pieceByteStart: number, pieceEnd: number): RawStatement {
  const byteStart = raw.stmt_location ?? pieceByteStart;
  const start = source.indexOfByte(byteStart);
  const end = raw.stmt_len ? source.indexOfByte(byteStart + raw.stmt_len) : pieceEnd;
  return { node: raw.stmt!, start, end, byteStart };
}
