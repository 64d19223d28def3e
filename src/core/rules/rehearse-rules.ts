import type { FindingRule } from '../finding-rule.js';

/** What `rehearse` proves on its shadow: workflows around each migration, rewrites, the rollback's round trip. */
export const REHEARSE_RULES: readonly FindingRule[] = [
  {
    id: 'workflow-broken',
    commands: ['rehearse', 'deploy'],
    severity: 'error',
    summary: 'a critical workflow that passed before a migration fails after it',
    why: 'error: something breaks after the migration — the team named that workflow critical',
    docs: 'The workflow’s error, SQLSTATE and constraint are shown with the migration that broke it. In deploy, the migrations are rolled back.',
  },
  {
    id: 'workflow-fails-before',
    commands: ['rehearse'],
    severity: 'warning',
    summary: 'a workflow already fails before the pending migrations',
    why: 'warning: it cannot tell whether they break it; a person fixes the workflow or its data',
    docs: 'Fix the workflow (or the data it expects) so it passes on the current schema.',
  },
  {
    id: 'table-rewritten',
    commands: ['rehearse'],
    severity: 'warning',
    summary: 'a statement rewrote a whole table (its relfilenode changed) under an ACCESS EXCLUSIVE lock',
    why: 'warning: nothing fails, but the table is locked for the rewrite; whether that is acceptable on the target’s size is a decision',
    docs: 'Seen by comparing relfilenodes before and after each statement. Add the column without a volatile default and backfill, or schedule the rewrite.',
  },
  {
    id: 'rollback-fails',
    commands: ['rehearse'],
    severity: 'error',
    summary: 'the rollback does not run on the schema the migration leaves',
    why: 'error: the rollback the project ships would fail when it is needed',
    docs: 'Fix the rollback so it runs after the migration.',
  },
  {
    id: 'rollback-incomplete',
    commands: ['rehearse', 'rollback'],
    severity: 'error',
    summary: 'after the rollback the schema is not what it was before the migration',
    why: 'error: the rollback leaves a schema the previous application version may not run on',
    docs: 'Every difference is listed object by object; make the rollback undo each.',
  },
  {
    id: 'rollback-reapply-fails',
    commands: ['rehearse'],
    severity: 'error',
    summary: 'the migration does not apply again after its rollback',
    why: 'error: after a rollback, the next deploy of the fixed migration fails',
    docs: 'The rollback leaves objects the migration then fails to create; make it undo them.',
  },
  {
    id: 'rollback-reapply-differs',
    commands: ['rehearse'],
    severity: 'error',
    summary: 'applied again after its rollback, the migration leaves a different schema',
    why: 'error: the rollback does not undo exactly what the migration does',
    docs: 'Each difference is listed; make the rollback undo exactly the migration’s changes.',
  },
  {
    id: 'rollback-not-recoverable',
    commands: ['rollback'],
    severity: 'warning',
    summary: 'a generated rollback recreates a dropped column or table empty: its rows need the backup',
    why: 'warning: the schema comes back, the data does not; a person decides how to restore it',
    docs: '`rollback generate` marks those statements `NOT RECOVERABLE without the backup`; `pgpreflight restore` brings the rows back from a backup taken before the deploy.',
  },
];
