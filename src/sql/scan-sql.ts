import { ensureParser, loadedParser } from './ensure-parser.js';
import { SourceText } from './source-text.js';

export type SqlTokenKind = 'comment' | 'keyword' | 'identifier' | 'string' | 'number' | 'parameter' | 'operator';

/** One token of PostgreSQL's own lexer, with JavaScript string offsets (end exclusive). */
export interface SqlToken {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly kind: SqlTokenKind;
}

export interface SqlScan {
  readonly tokens: readonly SqlToken[];
  /**
   * False when the lexer rejected the text (an unterminated string, comment or quoted identifier,
   * or a malformed token such as `1abc`); `tokens` is then empty, because libpg-query reports
   * neither the position nor the tokens before it.
   */
  readonly valid: boolean;
}

export async function scanSql(text: string): Promise<SqlScan> {
  await ensureParser();
  return scanSqlSync(text);
}

/** Tokenizes with the real scanner (dollar quotes, E'' strings, nested comments, U& strings). */
export function scanSqlSync(text: string, source: SourceText = new SourceText(text)): SqlScan {
  if (text.trim() === '') return { tokens: [], valid: true };
  let raw;
  try {
    raw = loadedParser().scanSync(text).tokens;
  } catch {
    // libpg-query reports a lexical error as an unparsable message; the position is lost.
    return { tokens: [], valid: false };
  }
  const tokens = raw.map((token): SqlToken => {
    const start = source.indexOfByte(token.start);
    const end = source.indexOfByte(token.end);
    return { start, end, text: text.slice(start, end), kind: kindOf(token.tokenName, token.keywordKind, token.text) };
  });
  return { tokens, valid: true };
}

function kindOf(name: string, keywordKind: number, text: string): SqlTokenKind {
  if (name === 'SQL_COMMENT' || name === 'C_COMMENT') return 'comment';
  if (keywordKind > 0) return 'keyword';
  switch (name) {
    case 'IDENT':
    case 'UIDENT':
      return 'identifier';
    case 'SCONST':
    case 'USCONST':
    case 'BCONST':
    case 'XCONST':
      return 'string';
    case 'ICONST':
    case 'FCONST':
      return 'number';
    case 'PARAM':
      return 'parameter';
    default:
      // The scanner names some tokens UNKNOWN (`:=`, `..`); what is left is punctuation or operators.
      return /^[A-Za-z_]/.test(text) ? 'identifier' : 'operator';
  }
}
