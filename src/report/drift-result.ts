import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';
import type { CheckResult } from './check-result.js';

/** missing: the migrations create it, the target lacks it; extra: the reverse; different: both, unlike. */
export type DriftKind = 'missing' | 'extra' | 'different';

export interface DriftItem {
  readonly kind: DriftKind;
  /**
   * Stable display key, e.g. `index "Order_practiceId_status_createdAt_idx"`, `column "Order"."status"`,
   * `constraint "Order_status_check" on "Order"`; schema-qualified outside `public`. What
   * `drift.allow[].object` in the config matches.
   */
  readonly object: string;
  /** What the migrations produce (null when missing there) and what the target has (null when missing there). */
  readonly expected: string | null;
  readonly actual: string | null;
  /** SQL that brings the target to the expected state (for an extra object: the DROP). */
  readonly remediation: readonly string[];
  /** For an extra object: the CREATE a migration needs to adopt it into history instead. */
  readonly adopt?: readonly string[];
  /** On the config's known-drift list. */
  readonly allowed: boolean;
  readonly reason?: string;
}

export interface DriftAllowEntry {
  readonly object: string;
  readonly reason: string;
}

/** What `drift` and the drift line of `status` say. */
export interface DriftSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly unexpected: number;
  readonly allowed: number;
  readonly stale: number;
  readonly missing: number;
  readonly extra: number;
  readonly different: number;
}

export interface DriftResult {
  readonly command: 'drift';
  readonly target: TargetInfo;
  readonly layout: { readonly format: string; readonly tool: string; readonly migrationsDir: string };
  /** The expected schema: these applied migrations replayed on the shadow. */
  readonly expected: { readonly migrations: number; readonly through: string | null };
  readonly shadow: CheckResult['shadow'];
  readonly items: readonly DriftItem[];
  /** The remediation of every unexpected item as one script, in an order PostgreSQL accepts. */
  readonly remediation: readonly string[];
  /** Allowlist entries that match no drift. */
  readonly stale: readonly DriftAllowEntry[];
  /** With --write-allowlist: the config snippet (JSON) that allows today's drift. */
  readonly allowlist?: string;
  readonly findings: readonly Finding[];
  readonly summary: DriftSummary;
  readonly timings: Timings;
}

/** The drift line of `status`: computed when it is cheap to, never failing status. */
export type StatusDrift =
  | { readonly state: 'clean' | 'drift'; readonly unexpected: number; readonly allowed: number; readonly stale: number }
  | { readonly state: 'unavailable'; readonly reason: string };
