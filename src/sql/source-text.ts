/** A 1-based line and column. Columns count UTF-16 code units, like JavaScript strings and LSP. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Converts between the three ways positions are counted around libpg-query: UTF-8 byte offsets (AST
 * `location`, `stmt_location`, scanner tokens), code-point offsets (error cursor positions, as
 * PostgreSQL counts characters) and JavaScript string offsets (UTF-16 code units, used everywhere
 * in pgpreflight's own results).
 */
export class SourceText {
  readonly text: string;
  private readonly ascii: boolean;
  private readonly lineStarts: number[];
  private byteToIndex: Int32Array | undefined;
  private indexToByte: Int32Array | undefined;

  constructor(text: string) {
    this.text = text;
    this.ascii = !/[^\u0000-\u007f]/.test(text);
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  get byteLength(): number {
    return this.ascii ? this.text.length : this.tables().indexToByte[this.text.length]!;
  }

  /** The string offset of a UTF-8 byte offset; a byte inside a character maps to that character. */
  indexOfByte(byte: number): number {
    if (byte <= 0) return 0;
    if (this.ascii) return Math.min(byte, this.text.length);
    const table = this.tables().byteToIndex;
    return table[Math.min(byte, table.length - 1)]!;
  }

  /** The UTF-8 byte offset of a string offset. */
  byteOfIndex(index: number): number {
    if (index <= 0) return 0;
    if (this.ascii) return Math.min(index, this.text.length);
    const table = this.tables().indexToByte;
    return table[Math.min(index, table.length - 1)]!;
  }

  /** The string offset of a code-point offset (PostgreSQL error cursors count characters). */
  indexOfCodePoint(codePoint: number, from = 0): number {
    let index = from;
    for (let n = 0; n < codePoint && index < this.text.length; n++) {
      const unit = this.text.charCodeAt(index);
      index += unit >= 0xd800 && unit <= 0xdbff && index + 1 < this.text.length ? 2 : 1;
    }
    return index;
  }

  position(index: number): SourcePosition {
    const clamped = Math.max(0, Math.min(index, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: clamped - this.lineStarts[low]! + 1 };
  }

  // Built on first need: ASCII files (most migrations) never allocate them.
  private tables(): { byteToIndex: Int32Array; indexToByte: Int32Array } {
    if (this.byteToIndex && this.indexToByte) return { byteToIndex: this.byteToIndex, indexToByte: this.indexToByte };
    const text = this.text;
    const indexToByte = new Int32Array(text.length + 1);
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      indexToByte[i] = bytes;
      const unit = text.charCodeAt(i);
      if (unit < 0x80) bytes += 1;
      else if (unit < 0x800) bytes += 2;
      else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          // A surrogate pair is one 4-byte character; its low half shares the pair's byte offset.
          indexToByte[i + 1] = bytes;
          bytes += 4;
          i++;
          continue;
        }
        bytes += 3;
      } else bytes += 3;
    }
    indexToByte[text.length] = bytes;
    // Every byte of a character maps to the character's first code unit.
    const byteToIndex = new Int32Array(bytes + 1);
    for (let i = 0; i < text.length;) {
      const start = indexToByte[i]!;
      // The low half of a surrogate pair shares the pair's byte offset; the pair is one character.
      const next = i + 1 < text.length && indexToByte[i + 1] === start ? i + 2 : i + 1;
      byteToIndex.fill(i, start, indexToByte[next]!);
      i = next;
    }
    byteToIndex[bytes] = text.length;
    this.byteToIndex = byteToIndex;
    this.indexToByte = indexToByte;
    return { byteToIndex, indexToByte };
  }
}
