import type { LintRule } from '../lint-rule.js';

export const concurrentIndexIfNotExists: LintRule = {
  id: 'concurrent-index-if-not-exists',
  category: 'locking',
  severity: 'warning',
  summary: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS hides an INVALID leftover',
  rationale:
    'When a concurrent build fails (a deadlock, a duplicate key, a timeout) it leaves an INVALID index with that name. On the retry IF NOT EXISTS sees the name and does nothing: the migration "succeeds" and the index is never used.',
  help: 'DROP INDEX CONCURRENTLY IF EXISTS the name first, then CREATE INDEX CONCURRENTLY without IF NOT EXISTS (pgpreflight verify lists INVALID indexes)',
  examples: {
    bad: ['CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);'],
    good: ['CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);'],
  },
  check(file) {
    return file.statements
      .filter((s) => s.kind === 'IndexStmt' && s.ast.concurrent && s.ast.if_not_exists)
      .map((s) => ({
        statement: s,
        message: `IF NOT EXISTS would keep an INVALID ${String(s.ast.idxname ?? 'index')} left by a failed build`,
      }));
  },
};
