import jsTokens from 'js-tokens';
import { scanSqlSync } from '../../sql/scan-sql.js';

/** A string literal's value or an identifier, at a string offset of the file. */
export interface SourceToken {
  readonly kind: 'string' | 'name';
  readonly value: string;
  readonly index: number;
}

const JS = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
const OTHER_STRING = /(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
const OTHER_NAME = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * The string literals and identifiers of a source file, by a real tokenizer where there is one:
 * js-tokens for JavaScript and TypeScript (comments are skipped, template parts are strings),
 * PostgreSQL's own lexer for `.sql`, and plain quoted-text and word matching for other languages.
 */
export function forEachSourceToken(
  file: string,
  text: string,
  visit: (kind: SourceToken['kind'], value: string, index: number) => void,
): void {
  if (JS.test(file)) return jsSourceTokens(text, /\.(tsx|jsx)$/.test(file), visit);
  if (file.endsWith('.sql')) {
    for (const t of sqlSourceTokens(text)) visit(t.kind, t.value, t.index);
    return;
  }
  for (const m of text.matchAll(OTHER_STRING)) visit('string', m[2]!, m.index!);
  for (const m of text.matchAll(OTHER_NAME)) visit('name', m[0], m.index!);
}

function jsSourceTokens(text: string, jsx: boolean, visit: (kind: SourceToken['kind'], value: string, index: number) => void): void {
  let index = 0;
  // With jsx the tokenizer also yields JSX token types; both kinds are read as { type, value }.
  for (const token of jsTokens(text, { jsx }) as Iterable<{ type: string; value: string }>) {
    switch (token.type) {
      case 'StringLiteral':
        visit('string', unescapeJs(token.value.slice(1, -1)), index);
        break;
      case 'NoSubstitutionTemplate':
      case 'TemplateHead':
      case 'TemplateMiddle':
      case 'TemplateTail':
        // Raw SQL lives in templates: the text between the delimiters is searched for names too.
        visit('string', token.value.replace(/^[`}]/, '').replace(/(`|\$\{)$/, ''), index);
        break;
      case 'IdentifierName':
        visit('name', token.value, index);
        break;
      case 'JSXString':
        visit('string', token.value.slice(1, -1), index);
        break;
      default:
        break;
    }
    index += token.value.length;
  }
}

function sqlSourceTokens(text: string): SourceToken[] {
  const scan = scanSqlSync(text);
  return scan.tokens.flatMap((token): SourceToken[] => {
    if (token.kind === 'string') return [{ kind: 'string', value: sqlStringValue(token.text), index: token.start }];
    if (token.kind === 'identifier' || token.kind === 'keyword') {
      const name = token.text.startsWith('"') ? token.text.slice(1, -1).replaceAll('""', '"') : token.text.toLowerCase();
      return [{ kind: 'name', value: name, index: token.start }];
    }
    return [];
  });
}

function sqlStringValue(text: string): string {
  const dollar = /^(\$[^$]*\$)([\s\S]*)\1$/.exec(text);
  if (dollar) return dollar[2]!;
  return text
    .replace(/^[eEnNbBxXuU]?&?'/, '')
    .replace(/'$/, '')
    .replaceAll("''", "'");
}

function unescapeJs(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
