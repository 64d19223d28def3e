import type { RuleSettings } from '../core/apply-rule-settings.js';
import type { ResolvedConfig } from './config-schema.js';

/**
 * Config `rules` with the opted-in policies folded in: `policy.rollbacks: 'required'` makes
 * `rollback-missing` an error unless `rules` names that rule itself (an explicit setting wins).
 * Undefined when the project changes no severity.
 */
export function effectiveRules(config: Pick<ResolvedConfig, 'rules' | 'policy'>): RuleSettings | undefined {
  const rules: Record<string, RuleSettings[string]> = { ...config.rules };
  if (config.policy?.rollbacks === 'required' && rules['rollback-missing'] === undefined) rules['rollback-missing'] = 'error';
  return Object.keys(rules).length ? rules : undefined;
}
