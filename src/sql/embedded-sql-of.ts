import type { Node } from 'libpg-query';
import { bodyOffsetPosition, locateInBody, type BodyPlacement } from './embedded-position.js';
import { loadedParser } from './ensure-parser.js';
import type { EmbeddedSql, PlpgsqlNode } from './routine-body.js';
import { scanSqlSync } from './scan-sql.js';
import { shiftLocations } from './shift-locations.js';

// PostgreSQL's RawParseMode, which PL/pgSQL records on each expression.
const RAW_PARSE_DEFAULT = 0;
const RAW_PARSE_PLPGSQL_ASSIGN1 = 3;
const RAW_PARSE_PLPGSQL_ASSIGN3 = 5;

// Statement fields that repeat a declared variable (the loop variable of FOR, the INTO target);
// its default was already collected from the function's datums.
const DATUM_COPIES = new Set(['var', 'target', 'row', 'rec']);

interface ExpressionNode {
  readonly query?: string;
  readonly parseMode?: number;
}

/** Every SQL statement and expression of a PL/pgSQL function, in body order. */
export function embeddedSqlOf(func: PlpgsqlNode, placement: BodyPlacement): EmbeddedSql[] {
  const found: EmbeddedSql[] = [];
  const add = (expression: ExpressionNode, context: string, bodyLine: number): void => {
    if (expression.query === undefined) return;
    const item = embedded(
      expression.query,
      expression.parseMode ?? RAW_PARSE_DEFAULT,
      context,
      bodyLine,
      placement.firstLine + bodyLine - 1,
    );
    const bodyOffset = context === 'perform' ? undefined : locateInBody(placement.source, item.text, bodyLine);
    if (bodyOffset === undefined) {
      found.push(item);
      return;
    }
    // A column only belongs to `line` when the text starts there (RETURN QUERY's may start below).
    const at = bodyOffsetPosition(placement, bodyOffset);
    found.push(at.line === item.line ? { ...item, column: at.column, bodyOffset } : { ...item, bodyOffset });
  };

  for (const datum of (func.datums ?? []) as PlpgsqlNode[]) {
    const variable = Object.values(datum)[0] as { lineno?: number; default_val?: { PLpgSQL_expr?: ExpressionNode } };
    const expression = variable.default_val?.PLpgSQL_expr;
    if (expression && variable.lineno) add(expression, 'declare', variable.lineno);
  }

  const walk = (value: unknown, context: string, line: number): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, context, line);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'PLpgSQL_expr') add(field as ExpressionNode, context, line);
      else if (key.startsWith('PLpgSQL_')) {
        const lineno = (field as { lineno?: number }).lineno;
        walk(field, constructName(key) ?? context, lineno ?? line);
      } else if (!DATUM_COPIES.has(key)) walk(field, context, line);
    }
  };
  walk(func.action, 'block', 1);
  return found.sort((a, b) => a.bodyLine - b.bodyLine || (a.bodyOffset ?? 0) - (b.bodyOffset ?? 0));
}

/** 'PLpgSQL_stmt_execsql' → 'execsql', 'PLpgSQL_if_elsif' → 'elsif'; other node types keep the context. */
function constructName(key: string): string | undefined {
  if (key.startsWith('PLpgSQL_stmt_')) return key.slice('PLpgSQL_stmt_'.length);
  if (key === 'PLpgSQL_if_elsif') return 'elsif';
  if (key === 'PLpgSQL_case_when') return 'case';
  if (key === 'PLpgSQL_exception') return 'exception';
  return undefined;
}

function embedded(text: string, parseMode: number, context: string, bodyLine: number, line: number): EmbeddedSql {
  const base = { text, context, bodyLine, line };
  if (parseMode === RAW_PARSE_DEFAULT) {
    const node = parseStatement(text);
    return { kind: 'statement', ...base, ...(node ? { node } : {}) };
  }
  if (parseMode >= RAW_PARSE_PLPGSQL_ASSIGN1 && parseMode <= RAW_PARSE_PLPGSQL_ASSIGN3) {
    const split = splitAssignment(text);
    if (split) {
      const node = parseExpression(split.value, Buffer.byteLength(text.slice(0, split.valueStart)));
      return { kind: 'assignment', ...base, target: split.target, value: split.value, ...(node ? { node } : {}) };
    }
  }
  const node = parseExpression(text, 0);
  return { kind: 'expression', ...base, ...(node ? { node } : {}) };
}

function parseStatement(text: string): Node | undefined {
  try {
    return loadedParser().parseSync(text).stmts?.[0]?.stmt;
  } catch {
    return undefined;
  }
}

const SELECT_PREFIX = 'SELECT ';

/** Parses `SELECT <text>`; `offset` is the byte offset of `text` inside the embedded text. */
function parseExpression(text: string, offset: number): Node | undefined {
  const statement = parseStatement(SELECT_PREFIX + text);
  if (!statement || !('SelectStmt' in statement)) return undefined;
  shiftLocations(statement, offset - SELECT_PREFIX.length);
  const select = statement.SelectStmt;
  const targets = select.targetList ?? [];
  const simple = Object.keys(select).every((key) => ['targetList', 'limitOption', 'op'].includes(key));
  const only = targets.length === 1 ? (targets[0] as { ResTarget?: { val?: Node; name?: string } }).ResTarget : undefined;
  return simple && only?.val && !only.name ? only.val : statement;
}

interface SplitAssignment {
  readonly target: string;
  readonly value: string;
  readonly valueStart: number;
}

/** `NEW.col := 'x'` → target `NEW.col`, value `'x'`; PL/pgSQL also accepts `=` for `:=`. */
function splitAssignment(text: string): SplitAssignment | undefined {
  let depth = 0;
  for (const token of scanSqlSync(text).tokens) {
    if (token.text === '(' || token.text === '[') depth++;
    else if (token.text === ')' || token.text === ']') depth--;
    else if (depth === 0 && (token.text === ':=' || token.text === '=')) {
      let valueStart = token.end;
      while (valueStart < text.length && /\s/.test(text[valueStart]!)) valueStart++;
      return { target: text.slice(0, token.start).trim(), value: text.slice(valueStart), valueStart };
    }
  }
  return undefined;
}
