import type { Severity } from '../../core/finding.js';
import type { LintFile, LintStatement } from './lint-file.js';

export type RuleCategory = 'locking' | 'breaking' | 'data' | 'hygiene';

/**
 * One lint rule: its metadata is the single source for `pgpreflight rules`, `explain`, the
 * generated docs/rules/<id>.md and the test that runs every example (oxlint / Biome style).
 */
export interface LintRule {
  /** Kebab-case, stable; also the docs slug. */
  readonly id: string;
  readonly category: RuleCategory;
  /** Default severity; config `rules` overrides it, and lock rules scale it with the table's size. */
  readonly severity: Severity;
  readonly summary: string;
  readonly rationale: string;
  /** The safe recipe, shown as the finding's help. */
  readonly help: string;
  /** Each bad example must raise the rule, each good one must not (test/lint/rule-examples.test.ts). */
  readonly examples: { readonly bad: readonly string[]; readonly good: readonly string[] };
  /**
   * A lock or rewrite rule: it stays silent on tables created in the same migration or in an earlier
   * pending one, and with a target its severity follows the table's size.
   */
  readonly locksExistingTable?: boolean;
  check(file: LintFile): readonly LintHit[];
}

export interface LintHit {
  readonly statement: LintStatement;
  readonly message: string;
  /** The table the statement works on, for context (new table?) and size. */
  readonly table?: { readonly schema?: string; readonly name: string };
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** This hit's severity when it is not the rule's: a warning where the rule had to assume how the file is sent. */
  readonly severity?: Severity;
}
