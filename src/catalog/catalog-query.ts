/**
 * One area of the catalog (tables, columns, …): its SQL, the raw row it returns and the mapping to
 * the public type. `takeCatalogSnapshot` runs every area in one statement, so each `sql` is a
 * SELECT that may read the scope CTEs of catalog-scope.ts (`scope_namespace`, `scope_relation`) and
 * the statement's parameters ($1 schemas, $2/$3 excluded tables, $4 excluded schemas).
 *
 * Rows travel as JSON, one array per field (`fields`): both drivers then hand back the same values
 * (int8 would otherwise be a string on one and a number on the other), and json_agg of a plain
 * value looks its output function up once per statement where json_agg of a whole row does it
 * per field per row (half the cost of the columns area). So a raw row holds what JSON carries;
 * every int8 that can exceed 2^53 is cast to text in the SQL, and no OID reaches the public types.
 */
export interface CatalogQuery<Raw, Item> {
  /** Column name of this area in the composed statement. */
  readonly key: string;
  /** Every output column of `sql`; a Record so that the compiler checks the list is complete. */
  readonly fields: Readonly<Record<keyof Raw & string, true>>;
  /** The SELECT for a server of this `server_version_num` (a few catalog columns are recent). */
  readonly sql: (serverVersionNum: number) => string;
  readonly toItem: (raw: Raw, context: CatalogMappingContext) => Item;
  /** The natural key; lists are sorted by it so equal schemas give equal snapshots. */
  readonly sortKey: (item: Item) => readonly string[];
}

/**
 * What every area's mapping can look up. Areas return a relation's relid and attnums (conkey,
 * indkey, tgattr) rather than resolve names in SQL: a subquery per constraint or index was a third
 * of the snapshot's time on a 300-index database, and repeating schema and table names on every
 * column a seventh of the bytes sent.
 */
export interface CatalogMappingContext {
  readonly serverVersionNum: number;
  /** Schema and name of a table, view or other relation of the tables area. */
  relation(relid: number): { readonly schema: string; readonly name: string };
  /** Column names of such a relation by attribute number. */
  columnNames(relid: number, attnums: readonly number[]): string[];
  /** 1-based position of a column among the live columns of its relation. */
  columnPosition(relid: number, attnum: number): number;
}
