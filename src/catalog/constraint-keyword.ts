import type { ConstraintType } from './catalog-snapshot.js';

/** The SQL keyword of each constraint type, as people read it in messages and reports. */
export const CONSTRAINT_KEYWORD: Readonly<Record<ConstraintType, string>> = {
  check: 'CHECK',
  'foreign-key': 'FOREIGN KEY',
  unique: 'UNIQUE',
  'primary-key': 'PRIMARY KEY',
  exclusion: 'EXCLUDE',
};
