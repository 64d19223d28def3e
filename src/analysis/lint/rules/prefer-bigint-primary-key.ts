import type { LintRule } from '../lint-rule.js';
import { columnDefinitions } from '../column-definitions.js';

export const preferBigintPrimaryKey: LintRule = {
  id: 'prefer-bigint-primary-key',
  category: 'hygiene',
  severity: 'warning',
  summary: 'an integer (int4 / serial) primary key',
  rationale:
    'int4 ends at 2,147,483,647; a busy table reaches it, and widening a primary key later rewrites the table and every referencing one.',
  help: 'use bigint (bigserial, or bigint GENERATED ALWAYS AS IDENTITY)',
  examples: {
    bad: ['CREATE TABLE events (id serial PRIMARY KEY);', 'CREATE TABLE events (id int PRIMARY KEY);'],
    good: ['CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);'],
  },
  check(file) {
    return columnDefinitions(file.statements)
      .filter(
        (c) =>
          c.primaryKey && ['int4', 'int2', 'serial', 'serial4', 'smallserial', 'serial2', 'int', 'integer', 'smallint'].includes(c.type),
      )
      .map((c) => ({
        statement: c.statement,
        message: `${c.table}.${String(c.column.colname)} is a ${c.type} primary key; it runs out at 2^31 rows`,
      }));
  },
};
