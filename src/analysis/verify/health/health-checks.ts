import { constraintNotValid } from './constraint-not-valid.js';
import { foreignKeyUnindexed } from './foreign-key-unindexed.js';
import type { HealthCheck } from './health-context.js';
import { indexInvalid } from './index-invalid.js';
import { rlsWithoutPolicy } from './rls-without-policy.js';
import { securityDefinerSearchPath } from './security-definer-search-path.js';
import { sequenceHeadroom } from './sequence-headroom.js';

/**
 * The built-in health checks that read the catalog alone, in report order, by the rule each
 * reports (config `rules: { '<id>': 'off' }` skips one). `sequence-behind-column` reads the rows
 * and runs with the other row questions.
 */
export const CATALOG_HEALTH_CHECKS: readonly (readonly [ruleId: string, check: HealthCheck])[] = [
  ['index-invalid', indexInvalid],
  ['constraint-not-valid', constraintNotValid],
  ['sequence-headroom', sequenceHeadroom],
  ['foreign-key-unindexed', foreignKeyUnindexed],
  ['security-definer-search-path', securityDefinerSearchPath],
  ['rls-without-policy', rlsWithoutPolicy],
];
