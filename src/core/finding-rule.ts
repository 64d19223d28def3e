import type { Severity } from './finding.js';

/** The command that emits a finding rule (`explain` and docs/severity.md group by it). */
export type FindingCommand = 'status' | 'check' | 'rehearse' | 'deploy' | 'verify' | 'drift' | 'watch' | 'inspect' | 'rollback' | 'lint';

/**
 * A finding rule that is not a lint rule (lint rules carry their own metadata in
 * src/analysis/lint/rules/): the single source of its default severity, `explain <id>` and
 * docs/severity.md. The severity follows the model: error = the migration will fail on this
 * target, or something breaks after it, or it violates a policy the project opted into;
 * warning = a person's decision; info = context.
 */
export interface FindingRule {
  /** Kebab-case and stable: what config `rules` and `--accept` name. */
  readonly id: string;
  readonly commands: readonly FindingCommand[];
  readonly severity: Severity;
  /** When a finding of this rule has another severity than the default, and why. */
  readonly varies?: string;
  readonly summary: string;
  /** Why that severity, in the model's terms. */
  readonly why: string;
  /** What triggers it and what to do. */
  readonly docs: string;
  /**
   * A gate or a guard, not a judgement: the command refuses whatever the finding's severity, so
   * config `rules` cannot change it (a setting for it is a config error).
   */
  readonly gate?: true;
}
