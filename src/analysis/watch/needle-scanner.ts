import type { WatchEvent } from './watch-event.js';

/** How one log format delimits and reads a record that contains a needle. */
export interface RecordFormat {
  /** Byte strings only records worth parsing contain (`,ERROR,` in csvlog): everything else is skipped unread. */
  readonly needles: readonly string[];
  /**
   * The end (exclusive) of the record starting at `start`, or -1 when it runs past the data read so
   * far. `atEnd`: nothing more is coming for now, so a record that could still continue is complete.
   */
  recordEnd(data: Buffer, start: number, atEnd: boolean): number;
  /**
   * Where the record holding the needle's line (starting at `lineStart`) begins, when a record spans
   * lines and the needle may lie below its first (an application's multi-line error); never before
   * `floor`, the end of what was already read. Without it a record starts at the needle's line.
   */
  recordStart?(data: Buffer, lineStart: number, floor: number): number;
  /** The records found in one pass, parsed together (a CSV parser is cheaper called once per batch). */
  parse(records: readonly Buffer[]): readonly (WatchEvent | undefined)[];
}

const NEWLINE = 0x0a;
// A line longer than this without a newline is not a log line; dropping it keeps memory bounded.
const MAX_CARRY = 16 * 1024 * 1024;

/**
 * Reads a log as chunks arrive and returns the events in it, holding only the unfinished tail. The
 * needles are searched with Buffer.indexOf (native, memchr-speed), so a line is looked at only when
 * it holds one: a production log is mostly LOG lines, and skipping them is what makes a 1 GB file
 * take seconds. A needle inside some other field (a query that mentions ",ERROR,") costs a parse
 * and is rejected by the format's parser.
 */
export class NeedleScanner {
  private carry: Buffer = Buffer.alloc(0);
  private readonly needles: readonly Buffer[];

  constructor(private readonly format: RecordFormat) {
    this.needles = format.needles.map((needle) => Buffer.from(needle, 'utf8'));
  }

  /** Events completed by this chunk; `atEnd` when the source has no more data for now (EOF). */
  push(chunk: Buffer, atEnd = false): WatchEvent[] {
    if (!this.carry.length) return this.scan(chunk, atEnd);
    // The unfinished line (or record) from before is joined with just enough of this chunk to end
    // it; the rest is scanned where it lies. Copying every chunk would cost more than scanning it.
    const events: WatchEvent[] = [];
    let from = 0;
    let upTo = chunk.indexOf(NEWLINE) + 1;
    while (upTo > 0) {
      events.push(...this.scan(joinBuffers([this.carry, chunk.subarray(from, upTo)]), false));
      from = upTo;
      if (!this.carry.length) return [...events, ...this.scan(chunk.subarray(from), atEnd)];
      // A record still open (a multi-line entry): take twice as much of the chunk.
      upTo = chunk.indexOf(NEWLINE, Math.min(chunk.length, from * 2)) + 1;
    }
    return [...events, ...this.scan(joinBuffers([this.carry, chunk.subarray(from)]), atEnd)];
  }

  private scan(data: Buffer, atEnd: boolean): WatchEvent[] {
    const records: Buffer[] = [];
    const next = this.needles.map((needle) => data.indexOf(needle, 0));
    let pos = 0;
    let incomplete = -1;
    for (;;) {
      let match = -1;
      for (let i = 0; i < next.length; i++) {
        if (next[i]! >= 0 && next[i]! < pos) next[i] = data.indexOf(this.needles[i]!, pos);
        if (next[i]! >= 0 && (match < 0 || next[i]! < match)) match = next[i]!;
      }
      if (match < 0) break;
      const lineStart = data.lastIndexOf(NEWLINE, match) + 1;
      const start = lineStart >= pos && this.format.recordStart ? this.format.recordStart(data, lineStart, pos) : lineStart;
      const end = start < pos ? -2 : this.format.recordEnd(data, start, atEnd);
      if (end === -1) {
        incomplete = start;
        break;
      }
      if (end === -2) {
        // A second needle on a line already read.
        pos = lineEnd(data, match);
        continue;
      }
      records.push(data.subarray(start, end));
      pos = Math.max(end, start + 1);
    }
    const tailFrom = incomplete >= 0 ? incomplete : Math.max(pos, data.lastIndexOf(NEWLINE) + 1);
    const tail = data.subarray(tailFrom);
    // Copied: a subarray would keep the whole chunk alive.
    this.carry = tail.length > MAX_CARRY ? Buffer.alloc(0) : joinBuffers([tail]);
    if (!records.length) return [];
    const events: WatchEvent[] = [];
    for (const event of this.format.parse(records)) if (event) events.push(event);
    return events;
  }

  /** Bytes held back waiting for the rest of a line or record. */
  get pending(): number {
    return this.carry.length;
  }
}

/** Buffer.concat without its cost: on Node 20 it and Buffer#copy move a 1 MiB chunk ~10× slower than TypedArray#set. */
export function joinBuffers(parts: readonly Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function lineEnd(data: Buffer, from: number): number {
  const newline = data.indexOf(NEWLINE, from);
  return newline < 0 ? data.length : newline + 1;
}
