import { countFindings, type Finding, type Severity } from './finding.js';
import { findingRule } from './finding-rules.js';

/** Config `rules`: a severity per rule id, or 'off'. */
export type RuleSettings = Readonly<Record<string, Severity | 'off'>>;

/**
 * The one place config `rules` acts on findings, whatever command emitted them: a rule set to
 * 'off' drops its findings, another severity replaces the rule's default. Applying it twice is the
 * same as once, so a command may settle its findings early (deploy gates on check's) and the CLI
 * again on the whole result. A gate's finding (deploy's guards) keeps its severity: the command
 * refuses whatever it says, and the config rejects a setting for one.
 */
export function applyRuleSettings<F extends Finding>(findings: readonly F[], rules: RuleSettings | undefined): F[] {
  if (!rules || Object.keys(rules).length === 0) return [...findings];
  const settled: F[] = [];
  for (const finding of findings) {
    const setting = findingRule(finding.ruleId)?.gate ? undefined : rules[finding.ruleId];
    if (setting === 'off') continue;
    settled.push(setting && setting !== finding.severity ? { ...finding, severity: setting } : finding);
  }
  return settled;
}

interface CountedResult {
  readonly findings: readonly Finding[];
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number };
}

function isCounted(result: object): result is CountedResult {
  const candidate = result as Partial<CountedResult>;
  return (
    Array.isArray(candidate.findings) &&
    typeof candidate.summary === 'object' &&
    candidate.summary !== null &&
    typeof candidate.summary.errors === 'number' &&
    typeof candidate.summary.warnings === 'number' &&
    typeof candidate.summary.infos === 'number'
  );
}

/**
 * A command's result with config `rules` applied to its findings and its summary counted again, so
 * the exit code (errors > 0) follows the project's settings for every command alike.
 */
export function applyRuleSettingsToResult<R extends object>(result: R, rules: RuleSettings | undefined): R {
  if (!rules || Object.keys(rules).length === 0 || !isCounted(result)) return result;
  const findings = applyRuleSettings(result.findings, rules);
  return { ...result, findings, summary: { ...result.summary, ...countFindings(findings) } };
}
