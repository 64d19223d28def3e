/**
 * Where PostgreSQL versions print the same schema differently, and how the snapshot evens it out.
 * Found by applying one schema to PostgreSQL 15 and to PGlite (PostgreSQL 18) and diffing
 * (test/catalog/catalog-snapshot.test.ts keeps them equal):
 *
 * 1. NOT NULL. 18 also stores each NOT NULL as a pg_constraint row (contype 'n'); 15 does not.
 *    Both set pg_attribute.attnotnull, so nullability is read from there and 'n' rows are left out
 *    (the contype filter in read-constraints.ts).
 * 2. View definitions. Up to 15 a view's rule kept two placeholder range-table entries (OLD and
 *    NEW), so pg_get_viewdef qualified every top-level column (`SELECT t.id FROM public.t`); 16
 *    dropped them and prints `SELECT id FROM public.t` when the top-level query reads one relation.
 *    normalizeViewDefinition rewrites the old form into the new one.
 * 3. Extension versions. Each server ships its own (citext 1.6 on 15, 1.8 on 18): a real
 *    difference, reported as it is.
 *
 * Session settings that change the printing (search_path, TimeZone…) are not version differences;
 * pin-output-settings.ts fixes them.
 */
export function normalizeViewDefinition(definition: string, serverVersionNum: number): string {
  return serverVersionNum < 160000 ? unqualifySingleRelationColumns(definition) : definition;
}

interface Token {
  readonly text: string;
  readonly kind: 'space' | 'word' | 'quoted' | 'string' | 'number' | 'symbol';
}

// What pg_get_viewdef can print: words, "quoted" identifiers, 'strings' (E'…' is a word then a
// string: no backslash escape inside matters for boundaries, as '' is the only quote escape it
// prints), numbers, and one-character symbols (:: is two ':' symbols, which is all we need).
const TOKEN = /(\s+)|([A-Za-z_][A-Za-z0-9_$]*)|("(?:[^"]|"")*")|('(?:[^']|'')*')|([0-9][0-9.eE+-]*)|([\s\S])/g;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const kind = match[1] ? 'space' : match[2] ? 'word' : match[3] ? 'quoted' : match[4] ? 'string' : match[5] ? 'number' : 'symbol';
    tokens.push({ text: match[0], kind });
  }
  return tokens;
}

const CLAUSE_AFTER_FROM = new Set(['WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR']);
const SET_OPERATIONS = new Set(['UNION', 'INTERSECT', 'EXCEPT']);
const QUERY_STARTS = new Set(['SELECT', 'WITH', 'VALUES']);

/**
 * The 16+ form of a 15- definition: drops `<refname>.` before the columns of the top-level query
 * when that query reads exactly one relation, subquery, function or VALUES list. Column
 * references inside nested queries (sublinks, FROM subqueries, CTE bodies) are qualified by both
 * versions and stay; so do whole-row references (`o.*`), which both print qualified.
 */
function unqualifySingleRelationColumns(definition: string): string {
  const tokens = tokenize(definition);
  // For each token, whether it sits in the top-level query (not inside a nested query's parentheses).
  const topLevel: boolean[] = [];
  const frames: ('query' | 'expression')[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.text === '(') {
      topLevel.push(!frames.includes('query'));
      const next = nextSignificant(tokens, i);
      frames.push(next !== undefined && QUERY_STARTS.has(tokens[next]!.text.toUpperCase()) ? 'query' : 'expression');
    } else if (token.text === ')') {
      frames.pop();
      topLevel.push(!frames.includes('query'));
    } else {
      topLevel.push(!frames.includes('query'));
    }
  }
  const depth = parenDepths(tokens);
  const atTop = (i: number): boolean => topLevel[i]! && depth[i] === 0;
  const upper = (i: number): string => (tokens[i]!.kind === 'word' ? tokens[i]!.text.toUpperCase() : '');

  if (tokens.some((_, i) => atTop(i) && SET_OPERATIONS.has(upper(i)))) return definition;
  // The top-level FROM: the first FROM at depth 0 after the top-level SELECT (a WITH's CTE bodies
  // are parenthesised, and EXTRACT(… FROM …) is inside an expression's parentheses).
  const select = tokens.findIndex((_, i) => atTop(i) && upper(i) === 'SELECT');
  if (select < 0) return definition;
  const from = tokens.findIndex((_, i) => i > select && atTop(i) && upper(i) === 'FROM');
  if (from < 0) return definition;
  let end = from + 1;
  while (end < tokens.length && !(atTop(end) && (CLAUSE_AFTER_FROM.has(upper(end)) || tokens[end]!.text === ';'))) end++;

  const refname = singleItemRefname(tokens, from + 1, end, depth, topLevel);
  if (refname === undefined) return definition;

  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (i > select && (i < from || i >= end) && topLevel[i]! && tokens[i]!.text === refname && isQualifier(tokens, i)) {
      i++; // skip the name and its dot
      continue;
    }
    out.push(tokens[i]!.text);
  }
  return out.join('');
}

/** `refname.column`: not part of a longer dotted name or a type, and the column is no `*` or call. */
function isQualifier(tokens: readonly Token[], i: number): boolean {
  const dot = tokens[i + 1];
  const column = tokens[i + 2];
  if (dot?.text !== '.' || !column || (column.kind !== 'word' && column.kind !== 'quoted')) return false;
  const before = tokens[i - 1];
  if (before && (before.text === '.' || before.text === ':')) return false;
  return tokens[i + 3]?.text !== '(';
}

/**
 * The name the single FROM item is referred to by: its alias, else the relation's own name.
 * undefined when the FROM list holds more than one item (a comma or a JOIN), as then both
 * versions qualify every column.
 */
function singleItemRefname(
  tokens: readonly Token[],
  start: number,
  end: number,
  depth: readonly number[],
  topLevel: readonly boolean[],
): string | undefined {
  const significant: number[] = [];
  for (let i = start; i < end; i++) {
    const token = tokens[i]!;
    if (token.kind === 'space') continue;
    if (token.text === ',' && depth[i] === 0) return undefined;
    // A join is printed in parentheses, so look into those, but not into a subquery's own joins.
    if (token.kind === 'word' && token.text.toUpperCase() === 'JOIN' && topLevel[i]) return undefined;
    if (token.kind === 'word' && token.text.toUpperCase() === 'TABLESAMPLE' && depth[i] === 0) break;
    if (depth[i] === 0) significant.push(i);
  }
  // At depth 0 the item reads: [ONLY] name [. name] [alias], or ( … ) alias, or func ( … ) alias.
  const words = significant.filter(
    (i) => tokens[i]!.text !== '(' && tokens[i]!.text !== ')' && !(tokens[i]!.kind === 'word' && tokens[i]!.text === 'ONLY'),
  );
  const names = words.filter((i) => tokens[i]!.kind === 'word' || tokens[i]!.kind === 'quoted');
  if (names.length === 0) return undefined;
  const dotted = words.filter((i) => tokens[i]!.text === '.').length;
  // The relation's name is the names joined by dots; whatever name follows is the alias.
  const relationParts = dotted + 1;
  const alias = names[relationParts];
  return tokens[alias ?? names[Math.min(relationParts, names.length) - 1]!]!.text;
}

function nextSignificant(tokens: readonly Token[], i: number): number | undefined {
  for (let j = i + 1; j < tokens.length; j++) if (tokens[j]!.kind !== 'space') return j;
  return undefined;
}

/** Parenthesis depth of each token (an opening parenthesis counts as outside its group). */
function parenDepths(tokens: readonly Token[]): number[] {
  const depths: number[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === ')') depth--;
    depths.push(depth);
    if (token.text === '(') depth++;
  }
  return depths;
}
