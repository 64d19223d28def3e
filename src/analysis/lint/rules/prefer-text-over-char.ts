import type { LintRule } from '../lint-rule.js';
import { columnDefinitions } from '../column-definitions.js';

export const preferTextOverChar: LintRule = {
  id: 'prefer-text-over-char',
  category: 'hygiene',
  severity: 'info',
  summary: 'a char(n) column instead of text or varchar',
  rationale: 'char(n) pads with spaces, compares ignoring them, and is no faster than text or varchar.',
  help: 'use text (with a CHECK on length if needed) or varchar(n)',
  examples: { bad: ['CREATE TABLE countries (code char(2));'], good: ['CREATE TABLE countries (code text CHECK (length(code) = 2));'] },
  check(file) {
    return columnDefinitions(file.statements)
      .filter((c) => c.type === 'bpchar' || c.type === 'char')
      .map((c) => ({ statement: c.statement, message: `${c.table}.${String(c.column.colname)} is char(n)` }));
  },
};
