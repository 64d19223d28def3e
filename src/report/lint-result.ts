import type { Finding } from '../core/finding.js';
import type { Timings } from '../core/timings.js';
import type { TargetInfo } from '../db/describe-target.js';

export interface LintedFile {
  readonly path: string;
  /** The migration id when the file is a migration of the project. */
  readonly migration?: string;
  readonly statements: number;
}

export interface LintResult {
  readonly command: 'lint';
  /** Set when a target gave table sizes and the pending migrations. */
  readonly target: TargetInfo | null;
  /** How the files were chosen: named on the command line, the project's pending, newest, or all. */
  readonly basis: 'files' | 'target history' | 'latest' | 'all';
  readonly files: readonly LintedFile[];
  readonly findings: readonly Finding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number; readonly files: number };
  readonly timings: Timings;
}

/** A rule as `pgpreflight rules` lists it. */
export interface RuleSummary {
  readonly id: string;
  readonly category: string;
  readonly severity: string;
  readonly summary: string;
}
