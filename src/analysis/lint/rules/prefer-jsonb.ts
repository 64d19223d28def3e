import type { LintRule } from '../lint-rule.js';
import { columnDefinitions } from '../column-definitions.js';

export const preferJsonb: LintRule = {
  id: 'prefer-jsonb',
  category: 'hygiene',
  severity: 'info',
  summary: 'a json column instead of jsonb',
  rationale:
    'json is stored as text and parsed on every access; it cannot be indexed with GIN and has no equality operator (DISTINCT and UNIQUE fail on it).',
  help: 'use jsonb (ALTER COLUMN … TYPE jsonb USING col::jsonb on an existing column)',
  examples: { bad: ['CREATE TABLE events (payload json);'], good: ['CREATE TABLE events (payload jsonb);'] },
  check(file) {
    return columnDefinitions(file.statements)
      .filter((c) => c.type === 'json')
      .map((c) => ({ statement: c.statement, message: `${c.table}.${String(c.column.colname)} is json` }));
  },
};
