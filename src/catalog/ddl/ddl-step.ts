import type { CatalogObjects, QualifiedName } from '../catalog-snapshot.js';

/**
 * When a statement runs within a script that takes one catalog state to another. Each effect gives
 * statements in several phases (a new table: its sequences, the table, its constraints, its
 * foreign keys last), and the script sorts them by phase: what depends on an object is dropped
 * before it and created after it, as pg_dump orders a restore.
 */
export const DdlPhase = {
  preamble: 0,
  createSchema: 10,
  createExtension: 11,
  alterExtension: 12,
  rename: 13,
  /** Before the constraints and indexes it inherited are dropped: PostgreSQL refuses to drop those while attached. */
  detachPartition: 14,
  dropPolicy: 20,
  dropTrigger: 20,
  dropView: 21,
  dropForeignKey: 22,
  dropConstraint: 23,
  dropIndex: 23,
  dropReplacedFunction: 24,
  /** Before tables are created (a new one may take the name of an index of a dropped one) and enums rewritten. */
  dropTable: 25,
  changeEnum: 26,
  createSequence: 27,
  createFunction: 28,
  /** Before other columns change: a generated column reading one would block its type change. */
  dropColumn: 29,
  createTable: 30,
  alterColumn: 31,
  alterSequence: 33,
  addConstraint: 40,
  createIndex: 41,
  addForeignKey: 42,
  /** Once the table has its own constraints and indexes: PostgreSQL attaches the matching ones instead of building copies. */
  attachPartition: 43,
  /** BEGIN ATOMIC / RETURN bodies are checked at creation whatever check_function_bodies says: after the tables. */
  createStandardBodyFunction: 45,
  createView: 50,
  createViewIndex: 51,
  createTrigger: 55,
  createPolicy: 55,
  rowLevelSecurity: 56,
  dropSequence: 61,
  dropFunction: 62,
  dropType: 63,
  dropExtension: 64,
  dropSchema: 65,
} as const;

export type DdlPhase = (typeof DdlPhase)[keyof typeof DdlPhase];

/** One statement (ending in `;`) or one comment block (every line starting with `--`). */
export interface DdlStep {
  readonly phase: DdlPhase;
  readonly sql: string;
  /** Within a phase, lower first: views after the views they read, tables dropped before those they reference. */
  readonly order?: number;
}

/** What the statements of one effect need to know besides the effect itself. */
export interface DdlContext {
  /** The state the script runs on. */
  readonly from: CatalogObjects;
  /** The state it produces. */
  readonly to: CatalogObjects;
  /**
   * A rollback: tables and columns it creates again once held rows that no catalog has, so each
   * says so (`NOT RECOVERABLE without the backup`).
   */
  readonly restoring: boolean;
  /** The name a table of `from` has once the script's renames ran. */
  readonly currentName: (table: QualifiedName) => QualifiedName;
}

export const step = (phase: DdlPhase, sql: string, order?: number): DdlStep =>
  order === undefined ? { phase, sql } : { phase, sql, order };

/** A comment block for a person reviewing the script; each line prefixed with `-- `. */
export const note = (phase: DdlPhase, text: string, order?: number): DdlStep =>
  step(
    phase,
    text
      .split('\n')
      .map((line) => `-- ${line}`.trimEnd())
      .join('\n'),
    order,
  );

/** What cannot come from a catalog: a dropped column's or table's rows. */
export const NOT_RECOVERABLE = 'NOT RECOVERABLE without the backup';
