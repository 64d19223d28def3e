import type { RollbackLookup } from '../../migrations/find-rollback.js';
import type { CheckedRollback } from '../../report/check-result.js';

/** What check's report says of a migration's rollback: where it is, where it was expected, or why there is none. */
export function checkedRollback(lookup: RollbackLookup): CheckedRollback {
  switch (lookup.kind) {
    case 'found':
      return { outcome: 'present', rollback: lookup.rollback.path };
    case 'missing':
      return { outcome: 'missing', expected: lookup.expected };
    case 'irreversible':
      return { outcome: 'irreversible', reason: lookup.reason };
  }
}
