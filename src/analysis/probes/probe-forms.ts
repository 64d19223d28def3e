/**
 * Where a probe switches from one plan to another. Every form must give the same answer over the
 * same rows; the thresholds are options only so a test can force each form on a small table
 * (test/check/probe-consistency.test.ts) instead of building million-row tables.
 */
export interface ProbeForms {
  /** A parent with at most this many rows is hashed (`NOT IN`); a bigger or unanalysed one is probed with `NOT EXISTS`. */
  readonly hashedParentRows?: number;
  /** Above this many rows, duplicate keys are found by sorting, as CREATE UNIQUE INDEX finds them. */
  readonly sortedUniqueRows?: number;
  /** Whether a btree index leading with a column answers `col IS NULL` on its own (default true). */
  readonly nullsFromIndex?: boolean;
}

export const DEFAULT_PROBE_FORMS: Required<ProbeForms> = {
  hashedParentRows: 1_000_000,
  sortedUniqueRows: 1_000_000,
  nullsFromIndex: true,
};
