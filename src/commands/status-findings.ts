import type { Finding } from '../core/finding.js';
import type { MigrationFormat } from '../migrations/migration-format.js';
import type { HistoryReading, MigrationState } from '../migrations/migration.js';

interface StatusFindingInput {
  readonly format: MigrationFormat;
  readonly history: HistoryReading;
  /** What listing the files found (files the tool skips). */
  readonly listingWarnings: readonly string[];
  readonly migrations: readonly MigrationState[];
  readonly outOfOrder: readonly string[];
}

// What to do about each state, in the words of the tool the team uses.
const RESOLVE: Readonly<Record<string, { failed: string; missing: string }>> = {
  prisma: {
    failed:
      'fix the cause, then `prisma migrate resolve --rolled-back <name>` (or --applied if you completed it by hand) before the next deploy',
    missing: 'restore the migration folder from version control, or confirm it was removed on purpose',
  },
  supabase: {
    failed: 'fix the cause and re-run the migration',
    missing: 'restore the file, or `supabase migration repair --status reverted <version>` if it was removed on purpose',
  },
  sql: {
    failed: 'fix the cause and re-run the migration',
    missing: 'restore the file from version control, or delete its row from pgpreflight.migrations if it was removed on purpose',
  },
};

/** The statuses that need a person, as findings with the evidence and what to do. */
export function statusFindings(input: StatusFindingInput): Finding[] {
  const findings: Finding[] = [];
  const resolve = RESOLVE[input.format.id] ?? RESOLVE.sql!;
  for (const warning of input.listingWarnings) {
    findings.push({ ruleId: 'migration-file-skipped', severity: 'warning', message: warning });
  }
  for (const warning of input.history.warnings) {
    findings.push({ ruleId: 'history-table-unexpected', severity: 'warning', message: warning });
  }
  for (const state of input.migrations) {
    const where = { migration: state.id, ...(state.path ? { file: state.path } : {}) };
    if (state.status === 'failed') {
      findings.push({
        ruleId: 'migration-failed',
        severity: 'error',
        message: `${state.id} failed${state.appliedAt ? ` (started ${state.appliedAt})` : ''}; the next deploy is blocked until it is resolved`,
        help: resolve.failed.replace('<name>', state.id),
        ...where,
        evidence: { logs: state.logs },
      });
    } else if (state.status === 'modified') {
      findings.push({
        ruleId: 'migration-modified',
        severity: 'warning',
        message: `${state.id} was changed after it was applied: the database ran a different script`,
        help: 'restore the applied version from version control and put the change in a new migration',
        ...where,
        evidence: { appliedChecksum: state.appliedChecksum, fileChecksum: state.checksum },
      });
    } else if (state.status === 'missing') {
      findings.push({
        ruleId: 'migration-missing',
        severity: 'warning',
        message: `${state.id} is recorded in ${input.history.table} but has no file on disk`,
        help: resolve.missing,
        migration: state.id,
      });
    }
  }
  for (const id of input.outOfOrder) {
    findings.push({
      ruleId: 'migration-out-of-order',
      severity: 'warning',
      message: `${id} is pending but sorts before migrations already applied`,
      help:
        input.format.id === 'supabase'
          ? '`supabase db push` refuses this without --include-all; rename it to a newer version if it depends on later migrations'
          : 'it will run after newer migrations; check it does not depend on running before them',
      migration: id,
    });
  }
  return findings;
}
