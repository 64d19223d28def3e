import type { FindingRule } from '../finding-rule.js';

const FAILS_HERE = 'error: the statement fails on this target (the SQLSTATE is in the message), whatever the shadow said';

/**
 * What `check` finds by weighing each pending statement against what the target holds
 * (src/analysis/target-state/): statements that do nothing on production, or fail there only.
 */
export const TARGET_STATE_RULES: readonly FindingRule[] = [
  {
    id: 'target-index-invalid',
    commands: ['check'],
    severity: 'error',
    summary: '`CREATE INDEX … IF NOT EXISTS` over an INVALID index of that name on the target',
    why: 'error: the statement is skipped with a NOTICE, the invalid index stays; uniqueness is not enforced and ON CONFLICT on its keys fails (42P10)',
    docs: 'A failed `CREATE INDEX CONCURRENTLY` leaves an INVALID index behind. `IF NOT EXISTS` sees the name and does nothing. Put `DROP INDEX CONCURRENTLY IF EXISTS <name>;` before the statement so the index is built again.',
  },
  {
    id: 'target-index-differs',
    commands: ['check'],
    severity: 'error',
    varies: 'a warning when the migration’s index is neither unique nor behind a constraint (only speed is at stake)',
    summary: '`CREATE INDEX … IF NOT EXISTS` over a valid index of that name with other keys, method, uniqueness, INCLUDE or WHERE',
    why: 'error when the application relies on the index the migration asks for (uniqueness, ON CONFLICT, a constraint): the target keeps another one',
    docs: 'The evidence shows both definitions. Rename one, or drop the target’s index first.',
  },
  {
    id: 'target-name-taken',
    commands: ['check'],
    severity: 'error',
    summary: '`CREATE INDEX` / `CREATE TABLE` of a name the target already has (42P07)',
    why: FAILS_HERE,
    docs: 'The history does not create it, but the target has it (made by hand, or by another tool). Drop or rename it on the target, or adopt it with `IF NOT EXISTS` once it is the same object.',
  },
  {
    id: 'target-table-differs',
    commands: ['check'],
    severity: 'error',
    varies: 'a warning when no later statement of the migration uses what the target’s table lacks',
    summary: '`CREATE TABLE IF NOT EXISTS` where the target’s table has another shape',
    why: 'error when a later statement names a column the target lacks: it fails; otherwise the statement silently keeps the other shape, a decision',
    docs: 'The evidence lists the columns missing, extra or of another type on the target. Bring the target’s table to the migration’s shape with explicit `ALTER TABLE`s.',
  },
  {
    id: 'target-column-differs',
    commands: ['check'],
    severity: 'warning',
    summary: '`ADD COLUMN IF NOT EXISTS` where the target’s column has another type, default or nullability',
    why: 'warning: the statement does nothing and the column keeps the target’s definition; whether that matters is a decision',
    docs: 'Change the column explicitly (`ALTER COLUMN … TYPE / SET DEFAULT / SET NOT NULL`) if the migration’s definition is the one wanted.',
  },
  {
    id: 'target-view-replace-fails',
    commands: ['check'],
    severity: 'error',
    summary: '`CREATE OR REPLACE VIEW` that renames, retypes or drops a column of the target’s view (42P16), or over a non-view (42809)',
    why: FAILS_HERE,
    docs: '`CREATE OR REPLACE VIEW` may only add columns at the end. Drop the view first (and what depends on it), or keep its columns.',
  },
  {
    id: 'target-function-replace-fails',
    commands: ['check'],
    severity: 'error',
    summary:
      '`CREATE OR REPLACE FUNCTION` with another return type or OUT parameters than the target’s (42P13), or function vs procedure (42809)',
    why: FAILS_HERE,
    docs: 'A function’s return type cannot be changed by replacing it. `DROP FUNCTION` first (and recreate what depends on it).',
  },
  {
    id: 'target-drop-missing',
    commands: ['check'],
    severity: 'info',
    summary: '`DROP … IF EXISTS` of something the history has and the target lacks',
    why: 'info: the statement does nothing; the target has drifted from the history (`drift` shows the rest)',
    docs: 'Nothing fails; run `pgpreflight drift` to see how the target came to differ.',
  },
  {
    id: 'target-seed-rows-differ',
    commands: ['check'],
    severity: 'warning',
    summary: '`INSERT … ON CONFLICT DO NOTHING` of rows whose keys the target holds with other values',
    why: 'warning: the migration’s rows are silently not written; whether the target’s values are right is a decision',
    docs: 'The evidence shows up to 5 rows, the migration’s values beside the target’s. Use `ON CONFLICT … DO UPDATE` if the migration’s values must win.',
  },
  {
    id: 'target-ids-ahead-of-sequence',
    commands: ['check'],
    severity: 'error',
    summary: 'explicit ids inserted into a serial or identity column ahead of its sequence',
    why: 'error: the application’s next inserts fail with 23505 once the sequence reaches the ids the migration wrote',
    docs: 'End the migration with `SELECT setval(pg_get_serial_sequence(<table>, <column>), (SELECT max(<column>) FROM <table>));`.',
  },
  {
    id: 'target-state-skipped',
    commands: ['check'],
    severity: 'info',
    summary: 'a comparison with the target’s rows could not run (PostgreSQL rejected the read)',
    why: 'info: nothing is proven either way',
    docs: 'The evidence holds PostgreSQL’s error; the statement was not judged against the target’s rows.',
  },
];
