/**
 * The one interface every analysis talks to (SPEC "Architecture"). node-postgres and PGlite both
 * implement it, so a catalog query or a probe runs unchanged on a production server and on the
 * embedded shadow.
 */
export type DatabaseDialect = 'postgres' | 'pglite';

export interface QueryResult<Row> {
  readonly rows: readonly Row[];
  readonly rowCount: number;
}

export interface QueryOptions {
  /**
   * Prepare the statement once per connection under this name and reuse its plan: for a large
   * catalog query run again and again on one connection (snapshots before and after each
   * migration), parsing and planning are a large part of the cost. The same name must always carry
   * the same text. Ignored where the driver has no named statements (PGlite).
   */
  readonly prepareAs?: string;
}

export interface DatabaseClient {
  readonly dialect: DatabaseDialect;
  /**
   * One statement, values passed as parameters ($1, $2…), never interpolated. Always the extended
   * protocol: a text that holds a second statement is refused by the server, never run.
   */
  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<Row>>;
  /** A script of several statements, run with the simple query protocol as psql would. */
  exec(script: string): Promise<void>;
  /**
   * `COPY (query) TO STDOUT`: the rows in PostgreSQL's text format (one line per row, fields
   * separated by tabs, `\N` for NULL, backslash escapes). The bulk path for many rows.
   */
  copyOut(query: string): Promise<string>;
  /** `COPY table (columns) FROM STDIN` with rows in the same format; `into` is the quoted `table (columns)`. */
  copyIn(into: string, rows: string): Promise<void>;
  /**
   * Whether the session is inside a transaction block, as the server last said (ReadyForQuery):
   * how a transaction that must enclose every statement (READ ONLY, a rolled-back workflow) sees
   * that a statement ended it.
   */
  inTransaction(): boolean;
  close(): Promise<void>;
}
