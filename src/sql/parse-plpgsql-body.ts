import type { Finding } from '../core/finding.js';
import { embeddedSqlOf } from './embedded-sql-of.js';
import { loadedParser } from './ensure-parser.js';
import { plpgsqlErrorLine } from './plpgsql-error-line.js';
import type { PlpgsqlNode, RoutineBody } from './routine-body.js';
import { scanSqlSync } from './scan-sql.js';
import { syntaxErrorFinding } from './syntax-error-finding.js';

export interface PlpgsqlBodyInput {
  /** The body text (prosrc). */
  readonly source: string;
  /** A complete CREATE FUNCTION / PROCEDURE or DO statement around an already quoted body. */
  readonly compile: (quotedBody: string) => string;
  /** File line and column of the body's first character; 1, 1 for a catalog body. */
  readonly firstLine: number;
  readonly firstColumn: number;
  readonly file?: string;
  readonly name: string;
}

export interface ParsedPlpgsqlBody {
  readonly body: RoutineBody;
  readonly errors: readonly Finding[];
}

/**
 * Parses a PL/pgSQL body with PostgreSQL's PL/pgSQL grammar (libpg-query). Line numbers in the
 * result are PostgreSQL's: line 1 is the text on the line of the opening quote.
 */
export function parsePlpgsqlBody(input: PlpgsqlBodyInput): ParsedPlpgsqlBody {
  const prepared = withoutRowtype(input.source);
  const toFile = (bodyLine: number): number => input.firstLine + bodyLine - 1;
  const attempt = (body: string): { ast?: PlpgsqlNode; error?: string } => {
    try {
      const result = loadedParser().parsePlPgSQLSync(input.compile(dollarQuote(body))) as { plpgsql_funcs?: PlpgsqlNode[] };
      const ast = (result.plpgsql_funcs ?? []).map((f) => f.PLpgSQL_function as PlpgsqlNode | undefined).find((f) => f?.action);
      return ast ? { ast } : { error: 'the PL/pgSQL parser returned no function' };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  const { ast, error } = attempt(prepared);
  if (!ast) {
    const message = error ?? 'PL/pgSQL body does not parse';
    const found = plpgsqlErrorLine(prepared, message, (body) => attempt(body).error);
    const column = found.line === 1 ? input.firstColumn + found.column - 1 : found.column;
    return {
      body: { language: 'plpgsql', source: input.source, firstLine: input.firstLine, firstColumn: input.firstColumn, embedded: [] },
      errors: [
        syntaxErrorFinding({
          message,
          file: input.file,
          line: toFile(found.line),
          column,
          evidence: { routine: input.name, language: 'plpgsql', bodyLine: found.line },
        }),
      ],
    };
  }
  return {
    body: {
      language: 'plpgsql',
      source: input.source,
      firstLine: input.firstLine,
      firstColumn: input.firstColumn,
      ast,
      embedded: embeddedSqlOf(ast, input),
    },
    errors: [],
  };
}

/**
 * libpg-query has no catalog, so a `%ROWTYPE` variable becomes a scalar and `r.col := …` is then
 * rejected ("r.col" is not a known variable), which PostgreSQL accepts. `t%ROWTYPE` and `t` name
 * the same composite type, so the suffix is blanked (same length: lines and columns hold).
 */
function withoutRowtype(body: string): string {
  if (!/%\s*rowtype/i.test(body)) return body;
  const scan = scanSqlSync(body);
  let out = body;
  const tokens = scan.tokens;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i]!.text === '%' && tokens[i + 1]!.text.toLowerCase() === 'rowtype') {
      const from = tokens[i]!.start;
      const to = tokens[i + 1]!.end;
      out = out.slice(0, from) + out.slice(from, to).replace(/[^\n]/g, ' ') + out.slice(to);
    }
  }
  return out;
}

function dollarQuote(body: string): string {
  let tag = '$pgpreflight$';
  for (let n = 1; body.includes(tag); n++) tag = `$pgpreflight${n}$`;
  return tag + body + tag;
}
