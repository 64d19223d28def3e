export interface BodyErrorPosition {
  /** 1-based line in the body, PostgreSQL's numbering. */
  readonly line: number;
  /** 1-based column in that line. */
  readonly column: number;
}

/**
 * Where a PL/pgSQL body is wrong. libpg-query's PL/pgSQL parser reports only the message, not the
 * position, so the line is searched for: the parser reads the body top to bottom and stops at the
 * first error, so a prefix of the body that ends at or after the bad line fails with the same
 * message, and a shorter one fails differently (typically at its end). The first such line is
 * found by bisection. A message about the end of the input belongs to the last line.
 */
export function plpgsqlErrorLine(body: string, message: string, errorOf: (prefix: string) => string | undefined): BodyErrorPosition {
  const lines = body.split('\n');
  let line: number;
  if (/at end of input/.test(message)) {
    line = lines.length;
    while (line > 1 && lines[line - 1]!.trim() === '') line--;
  } else {
    let low = 1;
    let high = lines.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (errorOf(lines.slice(0, middle).join('\n')) === message) high = middle;
      else low = middle + 1;
    }
    line = low;
  }
  const text = lines[line - 1] ?? '';
  const near = /at or near "(.*)"$/.exec(message)?.[1];
  const at = near ? text.indexOf(near) : -1;
  const column = at >= 0 ? at + 1 : text.length - text.trimStart().length + 1;
  return { line, column };
}
