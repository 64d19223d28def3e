import { scanSqlSync } from './scan-sql.js';

/**
 * A domain CHECK expression as pg_get_constraintdef prints it, `((VALUE > 0))`, with each `VALUE`
 * (the keyword PostgreSQL prints for the value under test) replaced by `replacement`, e.g. a
 * column: `(("qty") > 0))`. Tokens of PostgreSQL's own lexer, so a 'VALUE' inside a string literal
 * or a quoted identifier is left alone. undefined when the text does not scan. Needs the parser
 * loaded (ensureParser), as every caller that has parsed a migration has.
 */
export function domainValueExpression(expression: string, replacement: string): string | undefined {
  const scan = scanSqlSync(expression);
  if (!scan.valid) return undefined;
  let out = '';
  let at = 0;
  for (const token of scan.tokens) {
    if (token.kind !== 'keyword' || token.text.toUpperCase() !== 'VALUE') continue;
    out += `${expression.slice(at, token.start)}(${replacement})`;
    at = token.end;
  }
  return out + expression.slice(at);
}
