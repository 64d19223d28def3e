import type { Node } from 'libpg-query';

/** A PL/pgSQL AST node as libpg-query returns it: `{ PLpgSQL_stmt_if: { lineno, cond, … } }`. */
export type PlpgsqlNode = Readonly<Record<string, unknown>>;

export type RoutineLanguage = 'plpgsql' | 'sql';

/**
 * A SQL statement or expression embedded in a routine body: what the PL/pgSQL interpreter hands to
 * the SQL parser (or, for LANGUAGE sql, each statement of the body).
 */
export interface EmbeddedSql {
  /**
   * statement: a full SQL statement (INSERT, UPDATE, PERFORM's SELECT, FOR … IN query, CALL, …).
   * assignment: `target := value` (also `NEW.col := 'x'` in trigger functions).
   * expression: any other expression (IF conditions, RETURN values, RAISE parameters, defaults).
   */
  readonly kind: 'statement' | 'assignment' | 'expression';
  /** The text PL/pgSQL keeps for it; an INTO clause is blanked out, as PostgreSQL does. */
  readonly text: string;
  /**
   * The parsed node. For a statement, the statement; for an expression or an assignment, the value
   * expression when it is a single value, otherwise the whole `SELECT <text>`. Its `location`
   * fields are byte offsets into `text`. Absent when the text does not parse on its own.
   */
  readonly node?: Node;
  /** Assignments only: the assigned variable or field as written, e.g. `NEW.reference_type`. */
  readonly target?: string;
  /** Assignments only: the value text, e.g. `'member_program_item_schedule'`. */
  readonly value?: string;
  /**
   * The PL/pgSQL construct it belongs to: 'execsql', 'assign', 'if', 'elsif', 'return', 'raise',
   * 'perform', 'fors', 'dynexecute', 'declare' (a variable default), … For LANGUAGE sql: 'sql'.
   */
  readonly context: string;
  /** 1-based line inside the body, as PostgreSQL numbers it in error CONTEXT ("line N"). */
  readonly bodyLine: number;
  /** 1-based line in the file the body came from; equal to `bodyLine` for a catalog body. */
  readonly line: number;
  /**
   * 1-based column of the text's first character on `line`, in the file (in the body for a
   * catalog body), when the text is found there; a text that starts on a later line than its
   * PL/pgSQL statement has none (`embeddedPosition` gives its own position).
   */
  readonly column?: number;
  /**
   * String offset of `text` in the body source, when the text appears there verbatim (all but
   * PERFORM, which PL/pgSQL rewrites to SELECT). `embeddedPosition` uses it to place nodes.
   */
  readonly bodyOffset?: number;
}

export interface RoutineBody {
  readonly language: RoutineLanguage;
  /** The body as PostgreSQL stores it (pg_proc.prosrc): the string literal's content. */
  readonly source: string;
  /** File line and column of the body's first character (after the opening quote); 1, 1 for a catalog body. */
  readonly firstLine: number;
  readonly firstColumn: number;
  /** PL/pgSQL only: the PLpgSQL_function node; absent when the body has a syntax error. */
  readonly ast?: PlpgsqlNode;
  readonly embedded: readonly EmbeddedSql[];
}
