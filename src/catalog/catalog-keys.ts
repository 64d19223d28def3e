import type { QualifiedName } from './catalog-snapshot.js';

/*
 * Constraints and indexes of the catalog snapshot (catalog-snapshot.ts re-exports them): every form
 * PostgreSQL stores — CHECK, foreign keys, UNIQUE / PRIMARY KEY, EXCLUDE, and index keys with
 * expressions, operator classes, collations and order — read by read-constraints.ts and read-indexes.ts.
 */

export type ConstraintType = 'check' | 'foreign-key' | 'unique' | 'primary-key' | 'exclusion';
export type ForeignKeyAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

/** Table constraints. NOT NULL is a column property (`CatalogColumn.notNull`), never listed here. */
export interface CatalogConstraint {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly type: ConstraintType;
  /** `pg_get_constraintdef`, e.g. `CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))`. */
  readonly definition: string;
  /**
   * Constrained columns in key order; empty for a CHECK on an expression of no column. An
   * exclusion constraint's expression keys are not columns: they are in `exclusion.elements`.
   */
  readonly columns: readonly string[];
  /** False for NOT VALID until VALIDATE CONSTRAINT. */
  readonly validated: boolean;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  readonly foreignKey: CatalogForeignKey | null;
  /** What an EXCLUDE constraint compares; null for every other type. */
  readonly exclusion: CatalogExclusion | null;
}

/** `EXCLUDE USING method (element WITH operator, …) WHERE (predicate)`. */
export interface CatalogExclusion {
  /** Access method of the index behind it: gist, btree, hash, spgist… */
  readonly method: string;
  /** In key order; two rows conflict when every element's operator is true between them. */
  readonly elements: readonly CatalogExclusionElement[];
  /** The WHERE: only rows it holds for are compared. */
  readonly predicate: string | null;
}

export interface CatalogExclusionElement {
  /** A column key… */
  readonly column: string | null;
  /** …or an expression key, as `pg_get_indexdef(index, n, false)` prints it. */
  readonly expression: string | null;
  /** The operator, e.g. `pg_catalog.&&` as schema and name. */
  readonly operator: QualifiedName;
}

export interface CatalogForeignKey {
  readonly referencedTable: QualifiedName;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ForeignKeyAction;
  readonly onUpdate: ForeignKeyAction;
  readonly match: 'simple' | 'full' | 'partial';
}

export interface CatalogIndex {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `pg_get_indexdef`, the full CREATE INDEX statement. */
  readonly definition: string;
  /** Access method: btree, gin, gist, hash, brin… */
  readonly method: string;
  readonly unique: boolean;
  readonly primary: boolean;
  /** False for an index left behind by a failed CREATE INDEX CONCURRENTLY. */
  readonly valid: boolean;
  readonly nullsNotDistinct: boolean;
  /** Key columns in order: a column name, or the expression text for an expression key. */
  readonly columns: readonly string[];
  /** The same keys with how each is indexed (operator class, collation, order). */
  readonly keys: readonly CatalogIndexKey[];
  /** INCLUDE columns. */
  readonly include: readonly string[];
  /** The WHERE of a partial index. */
  readonly predicate: string | null;
  /** The primary key, unique or exclusion constraint that owns the index. */
  readonly constraint: string | null;
}

/** One key of an index. Options PostgreSQL would print only when not the default are null/false then. */
export interface CatalogIndexKey {
  readonly column: string | null;
  readonly expression: string | null;
  /** A non-default operator class (`text_pattern_ops`, `public.my_ops`); null for the type's default. */
  readonly opclass: string | null;
  /** The key's collation when not the database default, e.g. `"C"` or `public.ci`. */
  readonly collation: string | null;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}
