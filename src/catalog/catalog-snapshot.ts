import type { DatabaseDialect } from '../db/database-client.js';
import type { CatalogConstraint, CatalogIndex } from './catalog-keys.js';
export type {
  ConstraintType,
  ForeignKeyAction,
  CatalogConstraint,
  CatalogExclusion,
  CatalogExclusionElement,
  CatalogForeignKey,
  CatalogIndex,
  CatalogIndexKey,
} from './catalog-keys.js';

/**
 * A database's schema as plain readonly data (SPEC "Architecture": core types are plain data).
 *
 * `objects` is the schema itself: two databases built from the same DDL give deeply equal
 * `objects`, whether the server is PostgreSQL 15 or PGlite (PostgreSQL 18). `statistics` holds what
 * legitimately differs between two such databases (row estimates, sizes, sequence positions), kept
 * apart so that comparing `objects` means something. No OIDs anywhere: they differ per database.
 *
 * Names are as PostgreSQL stores them (unquoted, case preserved). Definitions printed by
 * PostgreSQL (`pg_get_constraintdef`, `format_type`, …) are taken with `search_path = pg_catalog`,
 * so every non-system name in them is schema-qualified, as pg_dump prints them, and with
 * timestamps in UTC and ISO style, whatever the session's settings (pin-output-settings.ts).
 * Where versions print differently, version-differences.ts evens it out; extension versions are
 * what each server ships and may differ.
 */
export interface CatalogSnapshot {
  readonly objects: CatalogObjects;
  readonly statistics: CatalogStatistics;
  readonly source: CatalogSource;
}

export interface CatalogSource {
  readonly dialect: DatabaseDialect;
  /** `server_version_num`, e.g. 150020 or 180006. */
  readonly serverVersionNum: number;
}

/** Every list is sorted by its natural key (schema, table, name…) in code-unit order. */
export interface CatalogObjects {
  readonly schemas: readonly string[];
  readonly tables: readonly CatalogTable[];
  readonly columns: readonly CatalogColumn[];
  readonly constraints: readonly CatalogConstraint[];
  readonly indexes: readonly CatalogIndex[];
  readonly triggers: readonly CatalogTrigger[];
  readonly functions: readonly CatalogFunction[];
  readonly views: readonly CatalogView[];
  readonly enums: readonly CatalogEnum[];
  readonly domains: readonly CatalogDomain[];
  readonly sequences: readonly CatalogSequence[];
  readonly policies: readonly CatalogPolicy[];
  readonly extensions: readonly CatalogExtension[];
}

export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

export type RelationKind = 'table' | 'partitioned' | 'view' | 'matview' | 'foreign';

/** A relation with columns: tables, partitioned tables, views, materialized views, foreign tables. */
export interface CatalogTable extends QualifiedName {
  readonly kind: RelationKind;
  readonly unlogged: boolean;
  readonly rlsEnabled: boolean;
  readonly rlsForced: boolean;
  /** Primary key columns in key order; null without a primary key. */
  readonly primaryKey: readonly string[] | null;
  /** Storage parameters as `name=value` (fillfactor, security_invoker…), sorted. */
  readonly options: readonly string[];
  /** `PARTITION BY …` of a partitioned table. */
  readonly partitionKey: string | null;
  /** The parent of a partition, and its bound (`FOR VALUES …`). */
  readonly partitionOf: QualifiedName | null;
  readonly partitionBound: string | null;
  /**
   * The condition PostgreSQL checks on a partition's rows (pg_get_partition_constraintdef): its
   * bound and its ancestors'; for a DEFAULT partition, outside every sibling's bound. Null for a
   * table that is no partition (and for a DEFAULT partition without siblings).
   */
  readonly partitionConstraint: string | null;
}

export interface CatalogColumn {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /**
   * 1-based position among the live columns. Not `attnum`: a dropped column leaves a gap in attnum,
   * so a table that lost a column would differ from the same table created fresh.
   */
  readonly position: number;
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(20)`, `public."Role"`, `integer[]`. */
  readonly type: string;
  readonly notNull: boolean;
  /**
   * False for a NOT NULL added NOT VALID and not validated yet (PostgreSQL 18+): new rows are
   * checked, existing ones may still hold NULL. True otherwise, nullable columns included.
   */
  readonly notNullValidated: boolean;
  /** The DEFAULT expression (`pg_get_expr`); null for none and for generated columns. */
  readonly default: string | null;
  readonly identity: 'always' | 'by-default' | null;
  readonly generated: CatalogGeneratedColumn | null;
  /** Set only when the column's collation is not its type's default, e.g. `"C"` or `public.ci`. */
  readonly collation: string | null;
}

export interface CatalogGeneratedColumn {
  /** PostgreSQL 18 adds virtual generated columns; up to 17 every generated column is stored. */
  readonly kind: 'stored' | 'virtual';
  readonly expression: string;
}

export type TriggerTiming = 'before' | 'after' | 'instead of';
export type TriggerEvent = 'insert' | 'update' | 'delete' | 'truncate';

export interface CatalogTrigger {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** The trigger function. */
  readonly function: QualifiedName;
  readonly timing: TriggerTiming;
  /** In the order insert, update, delete, truncate. */
  readonly events: readonly TriggerEvent[];
  /** `UPDATE OF` columns; empty when any update fires it. */
  readonly updateColumns: readonly string[];
  readonly level: 'row' | 'statement';
  /** `session_replication_role` modes it fires in (ALTER TABLE … ENABLE/DISABLE TRIGGER). */
  readonly enabled: 'origin' | 'always' | 'replica' | 'disabled';
  /** The WHEN condition, without the surrounding parentheses. */
  readonly when: string | null;
  readonly constraintTrigger: boolean;
  /** `pg_get_triggerdef`. */
  readonly definition: string;
}

export type FunctionKind = 'function' | 'procedure' | 'aggregate' | 'window';

export interface CatalogFunction {
  readonly schema: string;
  readonly name: string;
  readonly kind: FunctionKind;
  /** `pg_get_function_identity_arguments`: with `name`, what tells overloads apart. */
  readonly identityArguments: string;
  /** `pg_get_function_arguments`: with names, modes and defaults. */
  readonly arguments: string;
  /** `pg_get_function_result`; null for a procedure. */
  readonly returns: string | null;
  readonly language: string;
  /** `prosrc`, or for a SQL-standard body (BEGIN ATOMIC / RETURN) its deparsed text. */
  readonly source: string;
  readonly securityDefiner: boolean;
  readonly volatility: 'immutable' | 'stable' | 'volatile';
  readonly strict: boolean;
  /** `SET` clauses as `name=value`, e.g. `search_path=public, pg_temp`. */
  readonly config: readonly string[];
}

export interface CatalogView {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'view' | 'matview';
  /** `pg_get_viewdef`: the SELECT, as PostgreSQL deparses it. */
  readonly definition: string;
}

export interface CatalogEnum {
  readonly schema: string;
  readonly name: string;
  /** In sort order (`enumsortorder`), which is the order comparisons use. */
  readonly labels: readonly string[];
}

/** `CREATE DOMAIN name AS baseType [DEFAULT …] [NOT NULL] [CONSTRAINT c CHECK (…)]…`. */
export interface CatalogDomain {
  readonly schema: string;
  readonly name: string;
  /** `format_type` of the base type with its typmod: `numeric(10,2)`, or `public.other_domain`. */
  readonly baseType: string;
  readonly notNull: boolean;
  /** The DEFAULT expression (`pg_get_expr`); null for none. */
  readonly default: string | null;
  /** CHECK constraints, sorted by name. Domain NOT NULL is `notNull`, never listed here. */
  readonly constraints: readonly CatalogDomainConstraint[];
}

export interface CatalogDomainConstraint {
  readonly name: string;
  /** `pg_get_constraintdef`, e.g. `CHECK ((VALUE > 0)) NOT VALID`. */
  readonly definition: string;
  /** The boolean a value must not make FALSE, with `VALUE` standing for the value: `((VALUE > 0))`. */
  readonly expression: string;
  /** False for NOT VALID until VALIDATE CONSTRAINT. */
  readonly validated: boolean;
}

export interface CatalogSequence {
  readonly schema: string;
  readonly name: string;
  /** `smallint`, `integer` or `bigint`. */
  readonly type: string;
  /** int8 values as strings, as both drivers return int8. */
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** The column the sequence belongs to (SERIAL, OWNED BY, identity). */
  readonly ownedBy: { readonly schema: string; readonly table: string; readonly column: string } | null;
  /** The sequence behind an identity column. */
  readonly identity: boolean;
}

export interface CatalogPolicy {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly command: 'all' | 'select' | 'insert' | 'update' | 'delete';
  readonly permissive: boolean;
  /** Role names, sorted; `public` for PUBLIC. */
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly withCheck: string | null;
}

export interface CatalogExtension {
  readonly name: string;
  readonly version: string;
  readonly schema: string;
}

/** What differs between two databases with the same schema. */
export interface CatalogStatistics {
  readonly tables: readonly CatalogTableStatistics[];
  readonly sequences: readonly CatalogSequenceStatistics[];
}

export interface CatalogTableStatistics {
  readonly schema: string;
  readonly name: string;
  /** `reltuples` as of the last VACUUM/ANALYZE; null when the table was never analysed. */
  readonly rowEstimate: number | null;
  /**
   * Table + indexes + TOAST, from `relpages` as of the last VACUUM/ANALYZE/CREATE INDEX. An
   * estimate like `rowEstimate`, read from the catalog without opening or locking the table (unlike
   * `pg_total_relation_size`); a probe that needs the exact size asks for that one table.
   */
  readonly totalBytes: number;
}

export interface CatalogSequenceStatistics {
  readonly schema: string;
  readonly name: string;
  /** null before the first nextval or without SELECT/USAGE privilege on the sequence. */
  readonly lastValue: string | null;
}
