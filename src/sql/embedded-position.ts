import type { EmbeddedSql, RoutineBody } from './routine-body.js';
import { SourceText, type SourcePosition } from './source-text.js';

/** Where a body sits in its file: the position of its first character. */
export interface BodyPlacement {
  readonly source: string;
  readonly firstLine: number;
  readonly firstColumn: number;
}

/**
 * The offset of an embedded text in the body source, searched from the start of its line. PL/pgSQL
 * keeps statement and expression texts verbatim (an INTO list is blanked to spaces of the same
 * length), so the first occurrence at a word boundary from the statement's line on is the text
 * itself. PERFORM's text (rewritten to SELECT) is not found, and has no offset.
 */
export function locateInBody(source: string, text: string, bodyLine: number): number | undefined {
  let from = 0;
  for (let line = 1; line < bodyLine; line++) {
    const next = source.indexOf('\n', from);
    if (next === -1) return undefined;
    from = next + 1;
  }
  // The part before a blanked INTO list is enough to find the text.
  const probe = text.split(/ {2,}/)[0]!;
  if (probe === '') return undefined;
  for (let at = source.indexOf(probe, from); at !== -1; at = source.indexOf(probe, at + 1)) {
    const before = source[at - 1];
    const after = source[at + probe.length];
    if ((!before || !isWordChar(before) || !isWordChar(probe[0]!)) && (!after || !isWordChar(after) || !isWordChar(probe.at(-1)!))) {
      return at;
    }
  }
  return undefined;
}

/** File position of a body offset (exact for dollar-quoted bodies; '' in a quoted body shifts columns). */
export function bodyOffsetPosition(placement: BodyPlacement, offset: number): SourcePosition {
  const before = placement.source.slice(0, offset);
  const newlines = before.split('\n').length - 1;
  const column = newlines === 0 ? placement.firstColumn + offset : offset - before.lastIndexOf('\n');
  return { line: placement.firstLine + newlines, column };
}

/**
 * File position of an embedded text, or of a node inside it (`location`: a byte offset into
 * `item.text`, as in `item.node`). Undefined when the text's place in the body is unknown.
 */
export function embeddedPosition(body: RoutineBody, item: EmbeddedSql, location?: number): SourcePosition | undefined {
  if (item.bodyOffset === undefined) return undefined;
  const inText = location === undefined || location < 0 ? 0 : new SourceText(item.text).indexOfByte(location);
  return bodyOffsetPosition(body, item.bodyOffset + inText);
}

function isWordChar(char: string): boolean {
  return /[\p{L}\p{N}_$]/u.test(char);
}
