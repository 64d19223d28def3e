import type { FindingRule } from './finding-rule.js';
import { CHECK_RULES } from './rules/check-rules.js';
import { DEPLOY_RULES } from './rules/deploy-rules.js';
import { REHEARSE_RULES } from './rules/rehearse-rules.js';
import { TARGET_RULES } from './rules/target-rules.js';
import { TARGET_STATE_RULES } from './rules/target-state-rules.js';

/**
 * Every finding rule a command emits besides the lint rules: one registry for defaults, `explain`,
 * docs/severity.md and the test that every emitted rule id is listed here.
 */
export const FINDING_RULES: readonly FindingRule[] = [
  ...CHECK_RULES,
  ...REHEARSE_RULES,
  ...DEPLOY_RULES,
  ...TARGET_RULES,
  ...TARGET_STATE_RULES,
];

const BY_ID = new Map(FINDING_RULES.map((rule) => [rule.id, rule]));

export function findingRule(id: string): FindingRule | undefined {
  return BY_ID.get(id);
}
