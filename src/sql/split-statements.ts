import type { SqlToken } from './scan-sql.js';

/** The text of one statement, from its first token to its last, without the semicolon. */
export interface StatementSpan {
  readonly start: number;
  readonly end: number;
  /** False for a last statement that runs to the end of the tokens without a semicolon. */
  readonly terminated: boolean;
  /** Offset of the terminating semicolon, when there is one. */
  readonly semicolon?: number;
}

/**
 * Splits a token stream where psql would: at a semicolon outside parentheses and outside the
 * BEGIN … END of a SQL-standard function body. The body rule is psql's own heuristic
 * (psqlscan.l): only in a statement that starts CREATE [OR REPLACE] FUNCTION|PROCEDURE, BEGIN
 * opens a block, CASE opens one when already inside a block, END closes one. Splitting the way
 * psql does means a piece is exactly what psql would send to the server.
 */
export function splitStatements(tokens: readonly SqlToken[]): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let first: SqlToken | undefined;
  let last: SqlToken | undefined;
  let parenDepth = 0;
  let beginDepth = 0;
  let words: string[] = [];

  for (const token of tokens) {
    if (token.kind === 'comment') continue;
    if (token.text === ';' && parenDepth === 0 && beginDepth === 0) {
      if (first && last) spans.push({ start: first.start, end: last.end, terminated: true, semicolon: token.start });
      first = last = undefined;
      words = [];
      continue;
    }
    first ??= token;
    last = token;
    if (token.text === '(') parenDepth++;
    else if (token.text === ')') parenDepth = Math.max(0, parenDepth - 1);
    else if (isWord(token)) {
      const word = token.text.toLowerCase();
      words.push(word);
      if (parenDepth === 0 && startsRoutine(words)) {
        if (word === 'begin') beginDepth++;
        else if (word === 'case' && beginDepth > 0) beginDepth++;
        else if (word === 'end' && beginDepth > 0) beginDepth--;
      }
    }
  }
  if (first && last) spans.push({ start: first.start, end: last.end, terminated: false });
  return spans;
}

// psql's {identifier} rule: unquoted words, keywords included; a quoted "begin" is just a name.
function isWord(token: SqlToken): boolean {
  return (token.kind === 'keyword' || token.kind === 'identifier') && !token.text.startsWith('"') && !/^u&"/i.test(token.text);
}

function startsRoutine(words: readonly string[]): boolean {
  if (words[0] !== 'create') return false;
  if (words[1] === 'function' || words[1] === 'procedure') return true;
  return words[1] === 'or' && words[2] === 'replace' && (words[3] === 'function' || words[3] === 'procedure');
}
