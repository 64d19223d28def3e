import type { Finding } from '../core/finding.js';
import { nodePosition } from './node-position.js';
import { parsePlpgsqlBody } from './parse-plpgsql-body.js';
import { parseSqlBody } from './parse-sql-body.js';
import type { RoutineBody, RoutineLanguage } from './routine-body.js';
import { scanSqlSync } from './scan-sql.js';
import type { Statement } from './statement.js';

export interface ParsedRoutineBody {
  readonly body?: RoutineBody;
  readonly errors: readonly Finding[];
}

interface DefElemLike {
  readonly DefElem?: { readonly defname?: string; readonly arg?: unknown; readonly location?: number };
}

/**
 * The body of CREATE FUNCTION / CREATE PROCEDURE (LANGUAGE plpgsql or sql, AS '…') or of DO,
 * parsed, with its lines mapped to the file. SQL-standard bodies (BEGIN ATOMIC, RETURN) are
 * already part of the statement's AST and are not repeated here.
 */
export function routineBodyOf(statement: Statement, file: string | undefined): ParsedRoutineBody {
  const found = bodyOf(statement);
  if (!found) return { errors: [] };
  const { language, source, asLocation, name } = found;

  // Body line 1 is the line of the opening quote; find the string token the AS clause points at.
  const relative = nodePosition(statement, asLocation).offset - statement.start;
  const token = scanSqlSync(statement.text).tokens.find((t) => t.kind === 'string' && t.end > relative);
  if (!token) return { errors: [] };
  const delimiter = token.text.startsWith('$')
    ? token.text.slice(0, token.text.indexOf('$', 1) + 1)
    : /^[eE]'/.test(token.text)
      ? "E'"
      : "'";
  const contentStart = token.start + delimiter.length;
  const before = statement.text.slice(0, contentStart);
  const newlines = before.split('\n').length - 1;
  const firstLine = statement.line + newlines;
  const firstColumn = newlines === 0 ? statement.column + contentStart : contentStart - before.lastIndexOf('\n');

  if (language === 'sql') return parseSqlBody({ source, firstLine, firstColumn, file, name });
  return parsePlpgsqlBody({
    source,
    firstLine,
    firstColumn,
    file,
    name,
    // The statement itself with the body re-quoted: its arguments and return type (trigger or
    // not) decide which variables the body may assign to.
    compile: (quotedBody) => statement.text.slice(0, token.start) + quotedBody + statement.text.slice(token.end),
  });
}

interface FoundBody {
  readonly language: RoutineLanguage;
  readonly source: string;
  readonly asLocation: number | undefined;
  readonly name: string;
}

function bodyOf(statement: Statement): FoundBody | undefined {
  let options: readonly DefElemLike[];
  let language: string | undefined;
  let name: string;
  if (statement.kind === 'CreateFunctionStmt') {
    options = (statement.ast.options ?? []) as DefElemLike[];
    name = (statement.ast.funcname ?? []).map((part) => (part as { String?: { sval?: string } }).String?.sval ?? '').join('.');
  } else if (statement.kind === 'DoStmt') {
    options = (statement.ast.args ?? []) as DefElemLike[];
    language = 'plpgsql';
    name = 'DO block';
  } else return undefined;

  let source: string | undefined;
  let asLocation: number | undefined;
  for (const option of options) {
    const element = option.DefElem;
    if (element?.defname === 'language') language = stringValue(element.arg)?.toLowerCase();
    if (element?.defname === 'as') {
      // CREATE FUNCTION keeps AS as a list (a C function has two strings); DO has one string.
      const items = (element.arg as { List?: { items?: unknown[] } }).List?.items;
      if (items && items.length !== 1) return undefined;
      source = stringValue(items ? items[0] : element.arg);
      asLocation = element.location;
    }
  }
  if (source === undefined || (language !== 'plpgsql' && language !== 'sql')) return undefined;
  return { language, source, asLocation, name };
}

// libpg-query omits an empty sval: `{ String: {} }` is ''.
function stringValue(node: unknown): string | undefined {
  const string = (node as { String?: { sval?: string } } | undefined)?.String;
  return string ? (string.sval ?? '') : undefined;
}
