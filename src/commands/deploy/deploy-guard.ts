import type { Finding } from '../../core/finding.js';
import { outOfOrderPending } from '../../migrations/classify-migrations.js';
import { findRollback } from '../../migrations/find-rollback.js';
import type { MigrationProject } from '../../migrations/load-migration-project.js';
import type { HistoryReading, Migration, MigrationState } from '../../migrations/migration.js';
import { replayPlan } from '../../migrations/replay-plan.js';
import { commitState } from '../../migrations/uncommitted-files.js';
import { parseSql } from '../../sql/parse-sql.js';

/**
 * A target whose history another tool keeps (plain SQL beside golang-migrate's, dbmate's or
 * Flyway's table) with nothing in pgpreflight's: every migration would be applied a second time.
 */
export function foreignHistoryRefusal(history: HistoryReading): Finding | undefined {
  const foreign = history.foreignHistory;
  if (!foreign) return undefined;
  return {
    ruleId: 'deploy-foreign-history',
    severity: 'error',
    message: `${foreign.table} holds this database's migration history (${foreign.tool}), and ${history.table} records nothing: deploy would apply every migration again`,
    help: `deploy with the tool that keeps ${foreign.table}, or adopt its history first: \`pgpreflight resolve <migration> --applied\` for each migration it applied`,
    evidence: { table: foreign.table, tool: foreign.tool, historyTable: history.table },
  };
}

/**
 * What the history says about deploying now, as the tool itself would judge it: a failed migration
 * blocks every deploy until it is resolved (Prisma P3009); on production, a migration changed after
 * it was applied, one applied that this checkout lacks, or one out of order (Supabase refuses it
 * everywhere) is refused too.
 */
export async function historyRefusals(
  project: MigrationProject,
  states: readonly MigrationState[],
  production: boolean,
): Promise<Finding[]> {
  const refusals: Finding[] = [];
  for (const state of states) {
    const where = { migration: state.id, ...(state.path ? { file: state.path } : {}) };
    if (state.status === 'failed') {
      const migration = project.migrations.find((m) => m.id === state.id);
      const whole = migration ? await isOneTransaction(migration) : false;
      refusals.push({
        ruleId: 'deploy-failed-migration',
        severity: 'error',
        message: `${state.id} failed in an earlier deploy and is not resolved: ${project.format.title} refuses to deploy until it is`,
        help: whole
          ? `it runs in one transaction, so nothing of it remains: fix it, then \`pgpreflight resolve ${state.id} --rolled-back\` and deploy again`
          : `part of it may remain (it cannot run in one transaction): inspect the target, finish or undo it by hand, then \`pgpreflight resolve ${state.id} --applied\` or \`--rolled-back\``,
        ...where,
        evidence: { logs: state.logs, oneTransaction: whole },
      });
    } else if (production && state.status === 'modified') {
      refusals.push({
        ruleId: 'deploy-modified-migration',
        severity: 'error',
        message: `${state.id} was changed after production applied it: this checkout is not what production ran`,
        help: 'restore the applied version from version control and put the change in a new migration',
        ...where,
        evidence: { appliedChecksum: state.appliedChecksum, fileChecksum: state.checksum },
      });
    } else if (production && state.status === 'missing') {
      refusals.push({
        ruleId: 'deploy-missing-migration',
        severity: 'error',
        message: `${state.id} is applied on production but missing from this checkout: deploying an older branch?`,
        help: 'deploy from a checkout that contains every applied migration',
        migration: state.id,
      });
    }
  }
  if (project.format.id === 'supabase') {
    for (const id of outOfOrderPending(states)) {
      refusals.push({
        ruleId: 'deploy-out-of-order',
        severity: 'error',
        message: `${id} is pending but older than migrations already applied: \`supabase db push\` refuses it, and so does deploy`,
        help: 'rename it to a version newer than the last applied one',
        migration: id,
      });
    }
  }
  return refusals;
}

/**
 * The production guard on the files themselves: only what is committed to git ships, and no
 * migration may reset the database (DROP DATABASE, DROP SCHEMA … CASCADE of a whole schema,
 * DROP OWNED) — the runbook forbids resetting production.
 */
export async function productionGuard(project: MigrationProject, pending: readonly Migration[]): Promise<Finding[]> {
  const refusals: Finding[] = [];
  // The rollbacks too: deploy runs them on production when something breaks.
  const files = pending.flatMap((m) => {
    const lookup = findRollback(m, project.format.id, project.layout);
    return [{ file: m.path, migration: m.id }, ...(lookup.kind === 'found' ? [{ file: lookup.rollback.path, migration: m.id }] : [])];
  });
  const state = await commitState(
    project.layout.projectRoot,
    files.map((f) => f.file),
  );
  if (state.kind === 'not-a-repository') {
    refusals.push({
      ruleId: 'deploy-uncommitted',
      severity: 'error',
      message: `cannot tell whether the migrations are committed (${state.reason}): production gets only what version control holds`,
      help: 'deploy to production from a git checkout of the reviewed commit',
    });
  } else if (state.kind === 'uncommitted') {
    for (const file of state.files) {
      const migration = files.find((f) => f.file === file)?.migration;
      refusals.push({
        ruleId: 'deploy-uncommitted',
        severity: 'error',
        message: `${file} is not committed (new, modified or ignored in git): production gets only what review saw`,
        help: 'commit it (and have it reviewed), then deploy that commit',
        file,
        ...(migration ? { migration } : {}),
      });
    }
  }
  for (const migration of pending) {
    const { statements } = await parseSql(migration.sql, { file: migration.path, bodies: false });
    for (const statement of statements) {
      const reset = resetReason(statement.kind, statement.ast as Record<string, unknown>);
      if (!reset) continue;
      refusals.push({
        ruleId: 'deploy-reset',
        severity: 'error',
        message: `${reset}: resetting production is refused`,
        help: 'drop the objects you mean one by one in a reviewed migration, with a backup',
        migration: migration.id,
        file: migration.path,
        line: statement.line,
      });
    }
  }
  return refusals;
}

function resetReason(kind: string, ast: Record<string, unknown>): string | undefined {
  if (kind === 'DropdbStmt') return 'DROP DATABASE';
  if (kind === 'DropOwnedStmt') return 'DROP OWNED';
  if (kind === 'DropStmt' && ast.removeType === 'OBJECT_SCHEMA' && ast.behavior === 'DROP_CASCADE') return 'DROP SCHEMA … CASCADE';
  return undefined;
}

async function isOneTransaction(migration: Migration): Promise<boolean> {
  const steps = await replayPlan(migration);
  return steps.length === 1 && !steps[0]!.aloneBecause && !steps[0]!.managesTransactions;
}
