/** What the report layer needs of a rule (analysis/lint/lint-rule.ts implements it). */
export interface LintRuleMetadata {
  readonly id: string;
  readonly category: string;
  readonly severity: string;
  readonly summary: string;
  readonly rationale: string;
  readonly help: string;
  readonly examples: { readonly bad: readonly string[]; readonly good: readonly string[] };
  readonly locksExistingTable?: boolean;
}
