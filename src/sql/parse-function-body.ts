import type { Finding } from '../core/finding.js';
import { ensureParser } from './ensure-parser.js';
import { parsePlpgsqlBody } from './parse-plpgsql-body.js';
import { parseSqlBody } from './parse-sql-body.js';
import type { RoutineBody } from './routine-body.js';

/** A function as the catalog describes it. */
export interface CatalogFunction {
  /** pg_proc.prosrc. */
  readonly source: string;
  /** pg_language.lanname: 'plpgsql', 'sql', … (other languages are not parsed). */
  readonly language: string;
  /** pg_get_function_arguments(oid), e.g. `p_id integer, OUT total bigint`. Default: none. */
  readonly arguments?: string;
  /** pg_get_function_result(oid), e.g. `trigger`, `SETOF record`. Default: `void`. */
  readonly returns?: string;
  /** pg_proc.prokind 'p' is a procedure (no return type). Default: function. */
  readonly kind?: 'function' | 'procedure';
  /** Qualified name, for messages and evidence. */
  readonly name?: string;
}

export interface ParsedFunctionBody {
  /** Absent for languages other than plpgsql and sql. */
  readonly body?: RoutineBody;
  /** `syntax-error` findings with `line` = the body line (no file). */
  readonly errors: readonly Finding[];
}

export async function parseFunctionBody(func: CatalogFunction): Promise<ParsedFunctionBody> {
  await ensureParser();
  return parseFunctionBodySync(func);
}

/**
 * Parses the body of a function read from a database. Lines are body lines, numbered as
 * PostgreSQL numbers them in error CONTEXT ("PL/pgSQL function f() line 4 at RAISE"): line 1 is
 * the first line of prosrc. The arguments and the return type matter: a trigger function
 * (`returns: 'trigger'`) may assign NEW.col, and a body may assign its OUT parameters.
 */
export function parseFunctionBodySync(func: CatalogFunction): ParsedFunctionBody {
  const language = func.language.toLowerCase();
  const name = func.name ?? 'function';
  if (language === 'sql') return parseSqlBody({ source: func.source, firstLine: 1, firstColumn: 1, name });
  if (language !== 'plpgsql') return { errors: [] };
  const header =
    func.kind === 'procedure'
      ? `CREATE PROCEDURE pg_temp.pgpreflight_body(${func.arguments ?? ''}) LANGUAGE plpgsql AS `
      : `CREATE FUNCTION pg_temp.pgpreflight_body(${func.arguments ?? ''}) RETURNS ${func.returns ?? 'void'} LANGUAGE plpgsql AS `;
  return parsePlpgsqlBody({ source: func.source, firstLine: 1, firstColumn: 1, name, compile: (quoted) => header + quoted });
}
