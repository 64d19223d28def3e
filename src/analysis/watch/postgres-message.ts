/** What an English PostgreSQL error message names, and the SQLSTATE that message always carries. */
export interface MessageFacts {
  readonly sqlState: string;
  readonly table?: string;
  readonly column?: string;
  readonly constraint?: string;
  /** The type of a bad value: `character varying(20)`, an enum's name. */
  readonly type?: string;
  /** The function a 42883 names, without its argument list. */
  readonly function?: string;
}

type Extract = (match: RegExpExecArray) => Omit<MessageFacts, 'sqlState'>;

// The server's message texts (src/backend, lc_messages = C or English): each fixes its SQLSTATE, so
// logs without one (stderr, plain application lines) are classified as exactly as csvlog.
const PATTERNS: readonly (readonly [RegExp, string, Extract])[] = [
  [/new row for relation "([^"]+)" violates check constraint "([^"]+)"/, '23514', (m) => ({ table: m[1]!, constraint: m[2]! })],
  [/check constraint "([^"]+)" of relation "([^"]+)" is violated by some row/, '23514', (m) => ({ constraint: m[1]!, table: m[2]! })],
  [/new row for relation "([^"]+)" violates partition constraint/, '23514', (m) => ({ table: m[1]! })],
  [/duplicate key value violates unique constraint "([^"]+)"/, '23505', (m) => ({ constraint: m[1]! })],
  [/could not create unique index "([^"]+)"/, '23505', (m) => ({ constraint: m[1]! })],
  [
    /update or delete on table "([^"]+)" violates foreign key constraint "([^"]+)" on table "([^"]+)"/,
    '23503',
    (m) => ({ constraint: m[2]!, table: m[3]! }),
  ],
  [/insert or update on table "([^"]+)" violates foreign key constraint "([^"]+)"/, '23503', (m) => ({ table: m[1]!, constraint: m[2]! })],
  [/null value in column "([^"]+)" of relation "([^"]+)" violates not-null constraint/, '23502', (m) => ({ column: m[1]!, table: m[2]! })],
  [/null value in column "([^"]+)" violates not-null constraint/, '23502', (m) => ({ column: m[1]! })],
  [/column "([^"]+)" of relation "([^"]+)" contains null values/, '23502', (m) => ({ column: m[1]!, table: m[2]! })],
  [/conflicting key value violates exclusion constraint "([^"]+)"/, '23P01', (m) => ({ constraint: m[1]! })],
  [/column "([^"]+)" of relation "([^"]+)" does not exist/, '42703', (m) => ({ column: m[1]!, table: m[2]! })],
  [/column "([^"]+)" does not exist/, '42703', (m) => splitQualified(m[1]!, 'column')],
  [/column ([\w$]+)\.([\w$]+) does not exist/, '42703', (m) => ({ table: m[1]!, column: m[2]! })],
  [/record "(?:new|old)" has no field "([^"]+)"/, '42703', (m) => ({ column: m[1]! })],
  [/relation "([^"]+)" does not exist/, '42P01', (m) => splitQualified(m[1]!, 'table')],
  [/missing FROM-clause entry for table "([^"]+)"/, '42P01', (m) => ({ table: m[1]! })],
  [/function ([^\s(]+)\((.*?)\) does not exist/, '42883', (m) => ({ function: unquote(m[1]!) })],
  [/operator does not exist: (.+)/, '42883', () => ({})],
  [/invalid input value for enum ([^:]+): "/, '22P02', (m) => ({ type: unquote(m[1]!) })],
  [/invalid input syntax for type ([^:]+):/, '22P02', (m) => ({ type: m[1]! })],
  [/value too long for type (.+?)(?: at character \d+)?$/, '22001', (m) => ({ type: m[1]! })],
  [/numeric field overflow/, '22003', () => ({})],
  [/(?:integer|smallint|bigint|value "[^"]*" is) out of range/, '22003', () => ({})],
  [/date\/time field value out of range/, '22008', () => ({})],
  [/canceling statement due to lock timeout/, '55P03', () => ({})],
  [/could not obtain lock on (?:relation|row in relation) "([^"]+)"/, '55P03', (m) => ({ table: m[1]! })],
  [/canceling statement due to statement timeout/, '57014', () => ({})],
  [/deadlock detected/, '40P01', () => ({})],
  [/could not serialize access due to/, '40001', () => ({})],
];

/** The SQLSTATE and objects an English PostgreSQL message names; undefined for messages not listed. */
export function parsePostgresMessage(message: string): MessageFacts | undefined {
  for (const [pattern, sqlState, extract] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { sqlState, ...extract(match) };
  }
  return undefined;
}

// "ERROR:  column "x" does not exist at character 8" (stderr) and the verbose "23514: new row…".
const POSITION_SUFFIX = / at character \d+$/;
const VERBOSE_CODE = /^([0-9A-Z]{5}): /;

/** A message as PostgreSQL logs it, with the `at character N` of stderr logs and a verbose code split off. */
export function splitLoggedMessage(text: string): { readonly sqlState: string | null; readonly message: string } {
  const verbose = VERBOSE_CODE.exec(text);
  const message = (verbose ? text.slice(verbose[0].length) : text).replace(POSITION_SUFFIX, '');
  return { sqlState: verbose && /\d/.test(verbose[1]!) ? verbose[1]! : null, message };
}

function splitQualified(name: string, last: 'table' | 'column'): Omit<MessageFacts, 'sqlState'> {
  const parts = name.split('.');
  if (parts.length === 1) return { [last]: name };
  return last === 'column' ? { table: parts.at(-2)!, column: parts.at(-1)! } : { table: parts.at(-1)! };
}

function unquote(name: string): string {
  return name.replace(/"/g, '');
}
