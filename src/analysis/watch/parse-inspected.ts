/**
 * The object Node's util.inspect prints after an error's stack (`console.error(error)`), or for a
 * plain object: `{ code: '23505', detail: 'Key (email)=(…) already exists.', hint: undefined }`.
 * Read as data: single-quoted strings, bare keys, nested objects and arrays, numbers, null,
 * undefined, booleans. What is not data (`[Function]`, `[Circular *1]`, `<ref *1>`, class tags like
 * `Object [Error]`) is skipped, so one odd value does not lose the fields around it.
 */
export function parseInspected(text: string): Record<string, unknown> | undefined {
  const reader = new Reader(text);
  reader.skipSpace();
  if (reader.peek() !== '{') return undefined;
  const value = reader.value(0);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const MAX_DEPTH = 8;
const WORD = /[\w$]/;

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  peek(): string {
    return this.text[this.at] ?? '';
  }

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  value(depth: number): unknown {
    this.skipSpace();
    const c = this.peek();
    if (c === '{' && depth < MAX_DEPTH) return this.object(depth);
    if (c === '[' && depth < MAX_DEPTH) return this.array(depth);
    if (c === "'" || c === '"' || c === '`') return this.string(c);
    return this.bare();
  }

  private object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.at++;
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c === '}' || c === '') {
        this.at++;
        return result;
      }
      if (c === ',') {
        this.at++;
        continue;
      }
      const key = c === "'" || c === '"' ? this.string(c) : this.word();
      this.skipSpace();
      if (this.peek() !== ':') {
        // Not a `key: value` pair (`[Symbol(x)]`, `... 3 more items`): skip to the next comma.
        this.skipToSeparator();
        continue;
      }
      this.at++;
      result[key] = this.value(depth + 1);
    }
  }

  private array(depth: number): unknown[] {
    const result: unknown[] = [];
    this.at++;
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c === ']' || c === '') {
        this.at++;
        return result;
      }
      if (c === ',') {
        this.at++;
        continue;
      }
      result.push(this.value(depth + 1));
    }
  }

  // util.inspect quotes with ' (or " / ` when the text holds a '), escaping with backslashes.
  private string(quote: string): string {
    let out = '';
    this.at++;
    while (this.at < this.text.length) {
      const c = this.text[this.at++]!;
      if (c === quote) break;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.at++] ?? '';
      if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else if (e === 'r') out += '\r';
      else if (e === 'x') {
        out += String.fromCharCode(parseInt(this.text.slice(this.at, this.at + 2), 16));
        this.at += 2;
      } else if (e === 'u') {
        out += String.fromCharCode(parseInt(this.text.slice(this.at, this.at + 4), 16));
        this.at += 4;
      } else out += e;
    }
    // A long string is printed as 'part' +\n 'part'.
    const save = this.at;
    this.skipSpace();
    if (this.peek() === '+') {
      this.at++;
      this.skipSpace();
      const next = this.peek();
      if (next === "'" || next === '"' || next === '`') return out + this.string(next);
    }
    this.at = save;
    return out;
  }

  private word(): string {
    const from = this.at;
    while (this.at < this.text.length && WORD.test(this.text[this.at]!)) this.at++;
    if (this.at === from) this.at++;
    return this.text.slice(from, this.at);
  }

  private bare(): unknown {
    const from = this.at;
    this.skipToSeparator();
    const token = this.text.slice(from, this.at).trim();
    if (token === 'null' || token === 'undefined') return null;
    if (token === 'true' || token === 'false') return token === 'true';
    if (/^-?\d+(?:\.\d+)?n?$/.test(token)) return Number(token.replace(/n$/, ''));
    return undefined;
  }

  // To the next , or closing bracket at this level (a bracketed tag like [Function: x] is passed over).
  private skipToSeparator(): void {
    let nested = 0;
    while (this.at < this.text.length) {
      const c = this.text[this.at]!;
      if (c === '[' || c === '{' || c === '(' || c === '<') nested++;
      else if (c === ']' || c === '}' || c === ')' || c === '>') {
        if (nested === 0) return;
        nested--;
      } else if (c === ',' && nested === 0) return;
      this.at++;
    }
  }
}
