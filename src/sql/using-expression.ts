import { scanSqlSync, type SqlToken } from './scan-sql.js';
import type { Statement } from './statement.js';

/**
 * The source text of the `USING` expression of `ALTER COLUMN <column> TYPE … USING <expr>` in this
 * statement, as written, or undefined when the column's type change has none. Read from the
 * tokens: the expression runs from after USING to the comma that ends the subcommand (outside
 * parentheses and brackets) or to the end of the statement.
 */
export function usingExpression(statement: Statement | undefined, column: string): string | undefined {
  if (statement?.kind !== 'AlterTableStmt') return undefined;
  const tokens = scanSqlSync(statement.text).tokens.filter((t) => t.kind !== 'comment');
  for (const command of subcommands(tokens)) {
    const words = command.map((t) => t.text.toLowerCase());
    let at = words[0] === 'alter' ? 1 : -1;
    if (at < 0) continue;
    if (words[at] === 'column') at++;
    if (identifier(command[at]) !== column) continue;
    const using = command.findIndex((t, i) => i > at && t.kind === 'keyword' && t.text.toLowerCase() === 'using');
    if (using < 0) return undefined;
    const last = command[command.length - 1]!;
    return statement.text.slice(command[using + 1]!.start, last.end);
  }
  return undefined;
}

/** The subcommands of ALTER TABLE: token runs split at top-level commas. */
function subcommands(tokens: readonly SqlToken[]): SqlToken[][] {
  const commands: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(' || token.text === '[') depth++;
    if (token.text === ')' || token.text === ']') depth--;
    if (depth === 0 && token.text === ',') commands.push([]);
    else commands[commands.length - 1]!.push(token);
  }
  // The first run starts with ALTER TABLE [IF EXISTS] [ONLY] name: drop up to the name.
  const first = commands[0]!;
  const alter = first.findIndex((t, i) => i > 1 && t.text.toLowerCase() === 'alter');
  commands[0] = alter >= 0 ? first.slice(alter) : [];
  return commands;
}

/** A column name as PostgreSQL reads the token: unquoted names fold to lower case. */
function identifier(token: SqlToken | undefined): string | undefined {
  if (!token) return undefined;
  if (token.text.startsWith('"')) return token.text.slice(1, -1).replaceAll('""', '"');
  return token.text.toLowerCase();
}
