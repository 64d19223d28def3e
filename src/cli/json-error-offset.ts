/**
 * Where a JSON text stops being JSON, for a message that says line and column: V8's JSON.parse
 * gives no position for some errors ("Unexpected token '}', … is not valid JSON", "Unexpected end
 * of JSON input"). A small recursive-descent reader of the JSON grammar (RFC 8259); -1 when valid.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  // A misspelt literal is reported where it starts: `tru` is wrong as a whole.
  const literal = (word: string): void => {
    if (text.slice(i, i + word.length) !== word) fail();
    i += word.length;
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
  };
  const number = (): void => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') members('}', true);
    else if (ch === '[') members(']', false);
    else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else number();
    space();
  };
  const members = (close: string, object: boolean): void => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      if (object) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
      }
      value();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] !== close) fail();
      i++;
      return;
    }
  };
  try {
    value();
    if (i < text.length) fail();
    return -1;
  } catch (offset) {
    if (typeof offset !== 'number') throw offset;
    return offset;
  }
}
