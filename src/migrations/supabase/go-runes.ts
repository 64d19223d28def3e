// The few pieces of Go's unicode/utf8 and unicode packages the Supabase CLI's statement splitter
// relies on. They are ported with Go's exact semantics, not JavaScript's: a different whitespace set
// or decoding rule would make our split differ from the CLI's, and then every migration would look
// modified.

/** utf8.RuneError, what Go decodes an invalid or truncated byte sequence as. */
export const RUNE_ERROR = 0xfffd;

export interface DecodedRune {
  readonly rune: number;
  readonly width: number;
}

const INVALID: DecodedRune = { rune: RUNE_ERROR, width: 1 };

/** utf8.DecodeRune: the rune starting at `at`; RuneError with width 1 when invalid or truncated. */
export function decodeRune(bytes: Uint8Array, at: number, end = bytes.length): DecodedRune {
  if (at >= end) return { rune: RUNE_ERROR, width: 0 };
  const b0 = bytes[at]!;
  if (b0 < 0x80) return { rune: b0, width: 1 };
  let width: number;
  let rune: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) [width, rune, min] = [2, b0 & 0x1f, 0x80];
  else if (b0 >= 0xe0 && b0 <= 0xef) [width, rune, min] = [3, b0 & 0x0f, 0x800];
  else if (b0 >= 0xf0 && b0 <= 0xf4) [width, rune, min] = [4, b0 & 0x07, 0x10000];
  else return INVALID;
  if (at + width > end) return INVALID;
  for (let i = 1; i < width; i++) {
    const b = bytes[at + i]!;
    if ((b & 0xc0) !== 0x80) return INVALID;
    rune = (rune << 6) | (b & 0x3f);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are invalid in Go as in the standard.
  if (rune < min || rune > 0x10ffff || (rune >= 0xd800 && rune <= 0xdfff)) return INVALID;
  return { rune, width };
}

/** utf8.DecodeLastRune over bytes[start, end). */
export function decodeLastRune(bytes: Uint8Array, start: number, end: number): DecodedRune {
  if (end <= start) return { rune: RUNE_ERROR, width: 0 };
  const last = bytes[end - 1]!;
  if (last < 0x80) return { rune: last, width: 1 };
  // Walk back to the byte that could start this rune (at most 4 bytes), then decode forward.
  const limit = Math.max(start, end - 4);
  let from = end - 1;
  while (from > limit && (bytes[from]! & 0xc0) === 0x80) from--;
  const decoded = decodeRune(bytes, from, end);
  return from + decoded.width === end ? decoded : INVALID;
}

/** unicode.IsSpace: Latin-1 spaces plus U+0085 and U+00A0, and the White_Space property above. */
export function isGoSpace(rune: number): boolean {
  if (rune <= 0xff) {
    return rune === 0x20 || (rune >= 0x09 && rune <= 0x0d) || rune === 0x85 || rune === 0xa0;
  }
  return (
    rune === 0x1680 ||
    (rune >= 0x2000 && rune <= 0x200a) ||
    rune === 0x2028 ||
    rune === 0x2029 ||
    rune === 0x202f ||
    rune === 0x205f ||
    rune === 0x3000
  );
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/** unicode.IsLetter (category L). */
export function isGoLetter(rune: number): boolean {
  if (rune < 0x80) return (rune >= 0x41 && rune <= 0x5a) || (rune >= 0x61 && rune <= 0x7a);
  return LETTER.test(String.fromCodePoint(rune));
}

/** unicode.IsDigit (category Nd). */
export function isGoDigit(rune: number): boolean {
  if (rune < 0x80) return rune >= 0x30 && rune <= 0x39;
  return DIGIT.test(String.fromCodePoint(rune));
}

/**
 * strings.TrimSpace. Unlike String.prototype.trim it keeps U+FEFF — so a byte order mark stays at
 * the start of the first statement, as the CLI records it — and it removes U+0085.
 */
export function trimGoSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end) {
    const rune = text.codePointAt(start)!;
    if (!isGoSpace(rune)) break;
    start += rune > 0xffff ? 2 : 1;
  }
  while (end > start) {
    const rune = text.charCodeAt(end - 1);
    // No White_Space character lies outside the BMP, so a low surrogate ends the trim.
    if (!isGoSpace(rune)) break;
    end--;
  }
  return text.slice(start, end);
}
