const NEWLINE = 0x0a;
// A printed error is a few dozen lines (message, code frame, stack, fields); a bound keeps one
// unterminated entry from swallowing the log.
const MAX_LINES = 80;

/**
 * Where one application log entry begins and ends. A JSON line is one entry. A printed error spans
 * lines: `console.error(error)` writes the message, the stack (`    at …`) and the error's fields
 * (`{ code: '23505', … }`); Prisma's `log: ['error']` writes `prisma:error` and then its message
 * (`Invalid \`prisma.order.create()\` invocation:`, blank lines, the error text). So an entry is:
 * - a Prisma head (`prisma:error`, `PrismaClient…Error:`, `DriverAdapterError:`) and every line
 *   after it up to the next head, a timestamped line or the closing `}` of the printed fields;
 * - any other line and the indented or closing-bracket lines after it (a stack, an object).
 */
export function appRecordStart(data: Buffer, lineStart: number, floor: number): number {
  // Up to a Prisma head above: the needle is in its message, stack or fields.
  let at = lineStart;
  for (let lines = 0; at > floor && lines < MAX_LINES; lines++) {
    const above = lineAbove(data, at);
    if (above < floor) break;
    const line = lineAt(data, above);
    if (isPrismaHead(line)) return above;
    if (isJsonHead(line) || line === '}' || isStamped(line)) break;
    at = above;
  }
  // Else up over a stack or an object's fields to the line they belong to.
  at = lineStart;
  while (at > floor && isContinuation(lineAt(data, at))) {
    const above = lineAbove(data, at);
    if (above < floor) break;
    at = above;
  }
  return at;
}

export function appRecordEnd(data: Buffer, start: number, atEnd: boolean): number {
  const first = lineEnd(data, start);
  if (first < 0) return atEnd && data.length > start ? data.length : -1;
  const head = lineAt(data, start);
  if (isJsonHead(head)) return first;
  const prisma = isPrismaHead(head);
  let at = first;
  for (let lines = 0; lines < MAX_LINES; lines++) {
    if (at >= data.length) return atEnd ? at : -1;
    const end = lineEnd(data, at);
    if (end < 0) return atEnd ? data.length : -1;
    const line = lineAt(data, at);
    const belongs = prisma ? !isJsonHead(line) && !isPrismaHead(line) && !isStamped(line) : isContinuation(line);
    if (!belongs) return at;
    // The closing brace of the printed fields ends the entry.
    if (line === '}') return end;
    at = end;
  }
  return at;
}

function isContinuation(line: string): boolean {
  return /^[ \t]+\S/.test(line) || /^[}\])]/.test(line);
}

function isJsonHead(line: string): boolean {
  return line.startsWith('{') && line.trimEnd().length > 1 && line.trimEnd().endsWith('}');
}

function isPrismaHead(line: string): boolean {
  return (
    !/^\s/.test(line) &&
    /(?:^|\s)prisma:(?:error|warn)\b|\bPrisma(?:Client)?\w*Error\b|\bDriverAdapterError\b/.test(line) &&
    !line.startsWith('{')
  );
}

function isStamped(line: string): boolean {
  return /^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|^\[?\d{2}:\d{2}:\d{2}/.test(line);
}

// The start of the line before the one at `at` (Buffer#lastIndexOf counts a negative offset from the end).
function lineAbove(data: Buffer, at: number): number {
  return at < 2 ? 0 : data.lastIndexOf(NEWLINE, at - 2) + 1;
}

function lineEnd(data: Buffer, from: number): number {
  const newline = data.indexOf(NEWLINE, from);
  return newline < 0 ? -1 : newline + 1;
}

function lineAt(data: Buffer, start: number): string {
  const newline = data.indexOf(NEWLINE, start);
  return data.toString('utf8', start, newline < 0 ? data.length : newline).replace(/\r$/, '');
}
