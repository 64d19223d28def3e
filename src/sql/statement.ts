import type { Node } from 'libpg-query';
import type { RoutineBody } from './routine-body.js';

/** Every AST node type name: 'CreateStmt', 'ColumnDef', 'A_Const', … */
/** Any AST node, wrapped as the parser returns it: `{ UpdateStmt: {…} }`. */
export type AstNode = Node;

export type NodeKind = Node extends infer N ? (N extends unknown ? keyof N : never) : never;

/** The inner object of a node of kind K (`{ CreateStmt: X }` → X). */
export type NodeOf<K extends NodeKind> = Extract<Node, { readonly [P in K]: unknown }>[K];

/** Top-level statements are exactly the node types named …Stmt (RawStmt is the wrapper). */
export type StatementKind = Exclude<Extract<NodeKind, `${string}Stmt`>, 'RawStmt'>;

/** A comment between the previous statement (or the start of the file) and this one. */
export interface SqlComment {
  /** As written, with its `--` or slash-star delimiters. */
  readonly text: string;
  readonly start: number;
  readonly line: number;
}

export interface StatementFields {
  /** 0-based position among the statements of the file. */
  readonly index: number;
  /** Exact source text from the first token to the last, without the semicolon. */
  readonly text: string;
  /** JavaScript string offsets into the file (UTF-16 code units); `end` is exclusive. */
  readonly start: number;
  readonly end: number;
  /**
   * The UTF-8 byte offset of `start`: AST `location` fields are UTF-8 byte offsets into the
   * file, so `nodePosition(statement, location)` needs it to turn them into lines and columns.
   */
  readonly byteStart: number;
  /**
   * 1-based position of the statement's first token; leading comments and whitespace are not
   * part of the statement (they are in `leadingComments`). Columns count UTF-16 code units.
   */
  readonly line: number;
  readonly column: number;
  /** Position of the last character of the statement (inclusive). */
  readonly endLine: number;
  readonly endColumn: number;
  readonly leadingComments: readonly SqlComment[];
  /** The statement as the parser returned it, wrapped: `{ CreateStmt: {…} }`. */
  readonly node: Node;
  /**
   * The parsed body of CREATE FUNCTION / CREATE PROCEDURE (LANGUAGE plpgsql or sql) and of DO.
   * Absent for other statements and for bodies in other languages.
   */
  readonly body?: RoutineBody;
}

/**
 * One statement of a SQL file. A union discriminated on `kind`, so `if (s.kind === 'CreateStmt')`
 * narrows `s.ast` to CreateStmt.
 */
export type Statement = {
  [K in StatementKind]: StatementFields & { readonly kind: K; readonly ast: NodeOf<K> };
}[StatementKind];
