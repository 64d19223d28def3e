import type { LintRule } from './lint-rule.js';
import { addColumnRewrite } from './rules/add-column-rewrite.js';
import { columnTypeChange } from './rules/column-type-change.js';
import { combineAlterTable } from './rules/combine-alter-table.js';
import { concurrentIndexIfNotExists } from './rules/concurrent-index-if-not-exists.js';
import { concurrentlyInTransaction } from './rules/concurrently-in-transaction.js';
import { constraintWithoutNotValid } from './rules/constraint-without-not-valid.js';
import { dropCascade } from './rules/drop-cascade.js';
import { dropColumn } from './rules/drop-column.js';
import { dropConstraintOrType } from './rules/drop-constraint-or-type.js';
import { dropTable } from './rules/drop-table.js';
import { enumRecreated } from './rules/enum-recreated.js';
import { enumValueUsedInTransaction } from './rules/enum-value-used-in-transaction.js';
import { identifierTooLong } from './rules/identifier-too-long.js';
import { preferBigintPrimaryKey } from './rules/prefer-bigint-primary-key.js';
import { preferJsonb } from './rules/prefer-jsonb.js';
import { preferTextOverChar } from './rules/prefer-text-over-char.js';
import { preferTimestamptz } from './rules/prefer-timestamptz.js';
import { renameTableOrColumn } from './rules/rename-table-or-column.js';
import { requireConcurrentIndex } from './rules/require-concurrent-index.js';
import { requireLockTimeout } from './rules/require-lock-timeout.js';
import { rlsWithoutPolicy } from './rules/rls-without-policy.js';
import { securityDefinerSearchPath } from './rules/security-definer-search-path.js';
import { setNotNull } from './rules/set-not-null.js';
import { transactionNotClosed } from './rules/transaction-not-closed.js';
import { unboundedDataChange } from './rules/unbounded-data-change.js';
import { uniqueWithoutUsingIndex } from './rules/unique-without-using-index.js';
import { vacuumFullOrCluster } from './rules/vacuum-full-or-cluster.js';
import { validateInSameTransaction } from './rules/validate-in-same-transaction.js';

/** Every lint rule, in id order: the catalog `rules`, `explain` and the docs are generated from. */
export const LINT_RULES: readonly LintRule[] = [
  addColumnRewrite,
  columnTypeChange,
  combineAlterTable,
  concurrentIndexIfNotExists,
  concurrentlyInTransaction,
  constraintWithoutNotValid,
  dropCascade,
  dropColumn,
  dropConstraintOrType,
  dropTable,
  enumRecreated,
  enumValueUsedInTransaction,
  identifierTooLong,
  preferBigintPrimaryKey,
  preferJsonb,
  preferTextOverChar,
  preferTimestamptz,
  renameTableOrColumn,
  requireConcurrentIndex,
  requireLockTimeout,
  rlsWithoutPolicy,
  securityDefinerSearchPath,
  setNotNull,
  transactionNotClosed,
  unboundedDataChange,
  uniqueWithoutUsingIndex,
  vacuumFullOrCluster,
  validateInSameTransaction,
].sort((a, b) => a.id.localeCompare(b.id));

export function lintRule(id: string): LintRule | undefined {
  return LINT_RULES.find((rule) => rule.id === id);
}
