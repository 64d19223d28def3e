/**
 * What `verify` checks. One kind per question a team's validate / check-duplicates /
 * verify-constraints scripts ask; the built-in health checks are named after the rule they report.
 */
export type VerifyCheckKind =
  | 'invariant'
  | 'unique'
  | 'expected-objects'
  | 'index-invalid'
  | 'constraint-not-valid'
  | 'sequence-headroom'
  | 'sequence-behind-column'
  | 'foreign-key-unindexed'
  | 'security-definer-search-path'
  | 'rls-without-policy';

/** pass ✓; fail ✗ (an error-level finding); warn (warnings only); skipped (did not run, and why). */
export type VerifyCheckOutcome = 'pass' | 'fail' | 'warn' | 'skipped';

/** One line of `verify`: a check that ran (or was skipped) and its outcome. */
export interface VerifyCheck {
  /** Stable within a config: `invariant:<name>`, `unique:<table>(<columns>)`, `expected-objects:migrations`, `index-invalid`… */
  readonly id: string;
  readonly kind: VerifyCheckKind;
  /** What is checked, in words. */
  readonly title: string;
  readonly outcome: VerifyCheckOutcome;
  /** The result in a few words ("0 rows", "31 indexes", "2 duplicate groups (5 rows)"), or why it was skipped. */
  readonly summary: string;
  /** Its findings by severity; each finding's `evidence.check` is this check's id. */
  readonly errors: number;
  readonly warnings: number;
  readonly ms: number;
}
