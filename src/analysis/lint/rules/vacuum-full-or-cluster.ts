import type { LintRule } from '../lint-rule.js';

export const vacuumFullOrCluster: LintRule = {
  id: 'vacuum-full-or-cluster',
  category: 'locking',
  severity: 'error',
  summary: 'VACUUM FULL or CLUSTER in a migration',
  rationale: 'Both rewrite the whole table under an ACCESS EXCLUSIVE lock: the table is unreadable and unwritable until they finish.',
  help: 'use pg_repack (or pg_squeeze) outside the deploy, or plain VACUUM',
  examples: { bad: ['VACUUM FULL orders;', 'CLUSTER orders USING orders_pkey;'], good: ['VACUUM (ANALYZE) orders;'] },
  check(file) {
    return file.statements
      .filter(
        (s) => s.kind === 'ClusterStmt' || (s.kind === 'VacuumStmt' && JSON.stringify(s.ast.options ?? []).includes('"defname":"full"')),
      )
      .map((s) => ({
        statement: s,
        message: `${s.kind === 'ClusterStmt' ? 'CLUSTER' : 'VACUUM FULL'} rewrites the table under an ACCESS EXCLUSIVE lock`,
      }));
  },
};
