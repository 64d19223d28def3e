import type { LintRule } from '../lint-rule.js';

export const dropCascade: LintRule = {
  id: 'drop-cascade',
  category: 'breaking',
  severity: 'warning',
  summary: 'DROP … CASCADE or TRUNCATE … CASCADE',
  rationale:
    'CASCADE silently drops (or empties) whatever depends on the object: views, foreign keys, other tables’ rows. `check` lists exactly what it takes.',
  help: 'name every dependent object explicitly, so the change is visible in review',
  examples: {
    bad: ['DROP TABLE orders CASCADE;', 'TRUNCATE customers CASCADE;'],
    good: ['DROP TABLE orders;', 'DROP VIEW order_totals;\nDROP TABLE orders;'],
  },
  check(file) {
    return file.statements
      .filter((s) => (s.kind === 'DropStmt' || s.kind === 'TruncateStmt') && s.ast.behavior === 'DROP_CASCADE')
      .map((s) => ({
        statement: s,
        message: `${s.kind === 'TruncateStmt' ? 'TRUNCATE' : 'DROP'} … CASCADE also ${s.kind === 'TruncateStmt' ? 'empties every table that references it' : 'drops whatever depends on it'}, without naming it`,
      }));
  },
};
