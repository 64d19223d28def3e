import { decodeLastRune, decodeRune, isGoDigit, isGoLetter, isGoSpace, trimGoSpace } from './go-runes.js';

// A port of the Supabase CLI's statement splitter (apps/cli-go/pkg/parser: state.go, token.go). The
// CLI records the statements of every migration it applies in schema_migrations.statements; the
// file is "unchanged" for us when our split equals that record, so this must reproduce the CLI's
// split exactly — including its quirks — and not be a correct SQL lexer. Quirks kept on purpose:
// - the tokenizer advances one byte at a time (its `width` loop variable is shadowed), so every
//   byte after the first of a multi-byte character is seen again as U+FFFD: a non-ASCII letter
//   ends a $tag$;
// - `(` … `)` nesting closes every open level at the first `)`;
// - BEGIN ATOMIC bodies end at the first `END` outside quotes, even inside a longer word;
// - a backslash escapes the next character outside quotes only.

/** The token so far: bytes[start, end). Go passes this slice as `data`; one object is reused per split. */
interface Data {
  bytes: Uint8Array;
  start: number;
  end: number;
}

interface State {
  /** null emits the token. */
  next(rune: number, data: Data): State | null;
}

const ATOMIC = bytesOf('ATOMIC');
const BEGIN = bytesOf('BEGIN');
const END = bytesOf('END');
const CLOSE_PAREN = bytesOf(')');
const NEWLINE = bytesOf('\n');
const DOLLAR = 0x24;

class ReadyState implements State {
  next(rune: number, data: Data): State | null {
    switch (rune) {
      case DOLLAR:
        return new TagState(data.end - 1);
      case 0x27: // '
      case 0x22: // "
        return new QuoteState(rune);
      case 0x2d: // -
        return new CommentState();
      case 0x2f: // /
        return new BlockState();
      case 0x5c: // \
        return new EscapeState();
      case 0x3b: // ;
        return null;
      case 0x28: // (
        return new AtomicState(this, CLOSE_PAREN);
      case 0x63: // c
      case 0x43: // C
        if (isBeginAtomic(data)) return new AtomicState(this, END);
    }
    return this;
  }
}

/** The token ends with ATOMIC, preceded by BEGIN and whitespace, both whole words. */
function isBeginAtomic(data: Data): boolean {
  let offset = data.end - ATOMIC.length;
  if (offset < data.start || !endsWithIgnoringCase(data, data.end, ATOMIC)) return false;
  if (offset > data.start && isIdentifierRune(decodeLastRune(data.bytes, data.start, offset).rune)) return false;
  let prefixEnd = offset;
  while (prefixEnd > data.start) {
    const last = decodeLastRune(data.bytes, data.start, prefixEnd);
    if (!isGoSpace(last.rune)) break;
    prefixEnd -= last.width;
  }
  offset = prefixEnd - BEGIN.length;
  if (offset < data.start || !endsWithIgnoringCase(data, prefixEnd, BEGIN)) return false;
  if (offset === data.start) return true;
  return !isIdentifierRune(decodeLastRune(data.bytes, data.start, offset).rune);
}

function isIdentifierRune(rune: number): boolean {
  return isGoLetter(rune) || isGoDigit(rune) || rune === 0x5f || rune === DOLLAR;
}

/** One `-` seen: a second one opens a line comment, anything else is ordinary text. */
class CommentState implements State {
  next(rune: number, data: Data): State | null {
    if (rune === 0x2d) return new DollarState(NEWLINE);
    return READY.next(rune, data);
  }
}

/** `/` seen; block comments nest. */
class BlockState implements State {
  private depth = 0;

  next(rune: number, data: Data): State | null {
    if (windowEquals(data, 0x2f, 0x2a)) {
      this.depth += 1;
      return this;
    }
    if (this.depth === 0) return READY.next(rune, data);
    if (windowEquals(data, 0x2a, 0x2f)) {
      this.depth -= 1;
      if (this.depth === 0) return READY;
    }
    return this;
  }
}

/** Inside '…' or "…"; a doubled delimiter stays inside. */
class QuoteState implements State {
  private escape = false;

  constructor(private readonly delimiter: number) {}

  next(rune: number, data: Data): State | null {
    if (this.escape) {
      if (rune === this.delimiter) {
        this.escape = false;
        return this;
      }
      return READY.next(rune, data);
    }
    if (rune === this.delimiter) this.escape = true;
    return this;
  }
}

/** Inside a dollar quote (or a line comment, delimited by a newline); nothing is escaped. */
class DollarState implements State {
  constructor(private readonly delimiter: Uint8Array) {}

  next(_rune: number, data: Data): State | null {
    return endsWith(data, this.delimiter) ? READY : this;
  }
}

/** `$` seen at `offset`: a tag of letters, digits and `_` until the next `$`. */
class TagState implements State {
  constructor(private readonly offset: number) {}

  next(rune: number, data: Data): State | null {
    if (rune === DOLLAR) return new DollarState(data.bytes.slice(this.offset, data.end));
    if (isGoLetter(rune) || isGoDigit(rune) || rune === 0x5f) return this;
    return READY.next(rune, data);
  }
}

/** `\` seen outside quotes: the next character is taken as is. */
class EscapeState implements State {
  next(): State | null {
    return READY;
  }
}

/** Inside ( … ) or BEGIN ATOMIC … END: separators do not count until the delimiter. */
class AtomicState implements State {
  constructor(
    private prev: State,
    private readonly delimiter: Uint8Array,
  ) {}

  next(rune: number, data: Data): State | null {
    // Quotes and comments inside still apply, so a delimiter inside them does not count.
    const current = this.prev.next(rune, data);
    if (current !== null) this.prev = current;
    if (this.prev instanceof ReadyState && endsWithIgnoringCase(data, data.end, this.delimiter)) return READY;
    return this;
  }
}

const READY = new ReadyState();

function windowEquals(data: Data, first: number, second: number): boolean {
  return data.end - data.start >= 2 && data.bytes[data.end - 2] === first && data.bytes[data.end - 1] === second;
}

function endsWith(data: Data, suffix: Uint8Array): boolean {
  const from = data.end - suffix.length;
  if (from < data.start) return false;
  for (let i = 0; i < suffix.length; i++) if (data.bytes[from + i] !== suffix[i]) return false;
  return true;
}

// Go uses strings.EqualFold; for the ASCII words compared here (ATOMIC, BEGIN, END, `)`) that is an
// ASCII case-insensitive comparison: a window holding any non-ASCII byte has fewer runes than the word.
function endsWithIgnoringCase(data: Data, end: number, suffix: Uint8Array): boolean {
  const from = end - suffix.length;
  if (from < data.start) return false;
  for (let i = 0; i < suffix.length; i++) {
    if (lowerAscii(data.bytes[from + i]!) !== lowerAscii(suffix[i]!)) return false;
  }
  return true;
}

function lowerAscii(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

// ignoreBOM keeps a leading U+FEFF in the text, as Go's string conversion does.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * parser.Split: the script cut after every `;` that is outside quotes, comments, dollar quotes,
 * parentheses and BEGIN ATOMIC bodies, each piece as is (separator, comments and spaces included);
 * the text after the last separator is the final piece.
 */
export function splitSupabaseScript(sql: string | Uint8Array): string[] {
  const bytes = typeof sql === 'string' ? new TextEncoder().encode(sql) : sql;
  const tokens: string[] = [];
  const data: Data = { bytes, start: 0, end: 0 };
  let state: State = READY;
  // One byte per step, as the CLI's tokenizer does (see the note at the top of the file).
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at]!;
    let rune = byte;
    data.end = at + 1;
    if (byte >= 0x80) {
      const decoded = decodeRune(bytes, at);
      rune = decoded.rune;
      data.end = at + decoded.width;
    }
    const next = state.next(rune, data);
    if (next === null) {
      tokens.push(decoder.decode(bytes.subarray(data.start, data.end)));
      data.start = data.end;
      at = data.end - 1;
      state = READY;
    } else {
      state = next;
    }
  }
  if (data.start < bytes.length) tokens.push(decoder.decode(bytes.subarray(data.start)));
  return tokens;
}

/**
 * parser.SplitAndTrim, what `supabase db push` / `migration up` execute and record in
 * supabase_migrations.schema_migrations.statements: each piece without trailing `;` and surrounding
 * whitespace (Go's definition of it), empty pieces dropped.
 */
export function splitSupabaseStatements(sql: string | Uint8Array): string[] {
  const statements: string[] = [];
  for (const token of splitSupabaseScript(sql)) {
    const trimmed = trimGoSpace(token.replace(/;+$/, ''));
    if (trimmed.length > 0) statements.push(trimmed);
  }
  return statements;
}
