/** What a failed migration's recorded logs say about the error. */
export interface FailureDetails {
  readonly sqlState?: string;
  readonly message?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly schema?: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
  /** The line of the migration file the error points at (Prisma's "Position:" excerpt). */
  readonly line?: number;
}

/**
 * Reads `_prisma_migrations.logs` as Prisma's schema engine writes it for a failed PostgreSQL
 * migration (error P3018, sql-schema-connector's apply_migration_script):
 *
 *   Migration name: <name>
 *   Database error code: 23514
 *   Database error:
 *   ERROR: check constraint "c" of relation "t" is violated by some row
 *   [DETAIL: …]
 *   [Position: the file's lines before the error, numbered, the failing one last, in ANSI colour]
 *   DbError { severity: "ERROR", code: SqlState(E23514), message: "…", detail: …, table: Some("t"), constraint: Some("c"), … }
 *
 * Anything else (another tool's text, a hand-written note) yields what can be recognised: a
 * SQLSTATE written as such, and the first line as the message.
 */
export function parsePrismaLogs(logs: string): FailureDetails {
  const text = logs.replace(/\u001b\[[0-9;]*m/g, '');
  const debug = /DbError \{(.*)\}\s*$/m.exec(text)?.[1] ?? '';
  const field = (name: string): string | undefined => {
    const match = new RegExp(`\\b${name}: Some\\("((?:[^"\\\\]|\\\\.)*)"\\)`).exec(debug);
    return match ? unescapeRust(match[1]!) : undefined;
  };
  const plainMessage = /\bmessage: "((?:[^"\\]|\\.)*)"/.exec(debug)?.[1];

  const sqlState =
    /Database error code: ([0-9A-Z]{5})\b/.exec(text)?.[1] ??
    /code: SqlState\(E?([0-9A-Z]{5})\)/.exec(debug)?.[1] ??
    /SQLSTATE[\s:]+([0-9A-Z]{5})\b/i.exec(text)?.[1];
  const errorBlock = /Database error:\n([\s\S]*?)(?:\n\n|$)/.exec(text)?.[1];
  const blockLine = (prefix: string): string | undefined =>
    errorBlock
      ?.split('\n')
      .find((line) => line.startsWith(`${prefix}: `))
      ?.slice(prefix.length + 2)
      .trim();
  const message =
    (plainMessage !== undefined ? unescapeRust(plainMessage) : undefined) ??
    blockLine('ERROR') ??
    errorBlock?.split('\n')[0]?.trim() ??
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line && !BOILERPLATE.test(line));

  const details: Record<string, string | number | undefined> = {
    sqlState,
    message: message || undefined,
    detail: field('detail') ?? blockLine('DETAIL'),
    hint: field('hint') ?? blockLine('HINT'),
    schema: field('schema'),
    table: field('table'),
    column: field('column'),
    constraint: field('constraint'),
    line: positionLine(text),
  };
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)) as FailureDetails;
}

// Prisma's own lines around the error: never the error itself.
const BOILERPLATE = /^(A migration failed to apply|Migration name:|Database error code:|Database error:$)/;

// "Position:" is followed by up to five numbered lines of the script; the last is the failing one.
function positionLine(text: string): number | undefined {
  const block = /\nPosition:\n((?:[ \t]*\d+(?: [^\n]*)?\n?)+)/.exec(text)?.[1];
  if (!block) return undefined;
  const numbers = block
    .split('\n')
    .map((line) => /^\s*(\d+)/.exec(line)?.[1])
    .filter((n): n is string => n !== undefined);
  return numbers.length ? Number(numbers[numbers.length - 1]) : undefined;
}

// Rust's Debug escapes for strings: \" \\ \n \t \' and \u{…}.
function unescapeRust(value: string): string {
  return value.replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (_, escape: string, hex: string | undefined) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return escape === 'n' ? '\n' : escape === 't' ? '\t' : escape === 'r' ? '\r' : escape;
  });
}
