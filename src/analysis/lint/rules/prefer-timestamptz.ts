import type { LintRule } from '../lint-rule.js';
import { columnDefinitions } from '../column-definitions.js';

export const preferTimestamptz: LintRule = {
  id: 'prefer-timestamptz',
  category: 'hygiene',
  severity: 'info',
  summary: 'timestamp without time zone',
  rationale:
    'A timestamp without time zone stores wall-clock time with no zone: the same instant reads differently from servers or sessions in other zones, and DST makes some values ambiguous.',
  help: 'use timestamptz (timestamp with time zone)',
  examples: { bad: ['CREATE TABLE events (at timestamp);'], good: ['CREATE TABLE events (at timestamptz);'] },
  check(file) {
    return columnDefinitions(file.statements)
      .filter((c) => c.type === 'timestamp')
      .map((c) => ({ statement: c.statement, message: `${c.table}.${String(c.column.colname)} is timestamp without time zone` }));
  },
};
