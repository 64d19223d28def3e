import { applyRuleSettings } from '../../core/apply-rule-settings.js';
import { countFindings, type Finding } from '../../core/finding.js';
import { isPgPreflightError } from '../../core/pgpreflight-error.js';
import { addShutdownTask } from '../../core/shutdown-tasks.js';
import { Stopwatch } from '../../core/timings.js';
import { connectTarget } from '../../db/connect-target.js';
import { parseTargetUrl } from '../../db/target-url.js';
import { loadMigrationProject } from '../../migrations/load-migration-project.js';
import type { Migration, MigrationState, MigrationStatus } from '../../migrations/migration.js';
import { readMigrationStates } from '../../migrations/read-migration-states.js';
import type { SafetyLevel } from '../../report/check-result.js';
import type { DeployedMigration, DeployOutcome, DeployResult } from '../../report/deploy-result.js';
import type { TargetInfo } from '../../db/describe-target.js';
import { check } from '../check/check.js';
import { checkGate, stagingGate } from './deploy-gates.js';
import { interruptedRuns } from '../interrupted-runs.js';
import { foreignHistoryRefusal, historyRefusals, productionGuard } from './deploy-guard.js';
import type { DeployOptions } from './deploy-options.js';
import { addStep, newDeployRecord, pendingOf, type DeployRecord } from './deploy-record.js';
import { deployIncident } from './deploy-incident.js';
import { runDeploy } from './run-deploy.js';
import { writeIncidentReport } from '../incident/write-incident-report.js';
import { watch } from '../watch/watch.js';
import { drift } from '../drift/drift.js';

/**
 * SPEC `deploy`: the runbook's deploy procedure as one guarded command. Read-only until every guard
 * and gate has passed (history, production guard, check, staging rehearsal for level 3, typed
 * confirmation); then lock, blockers, backup, apply with history written as the tool writes it,
 * status, verify and workflows after — and the migrations' rollbacks when something breaks.
 */
export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const stopwatch = new Stopwatch();
  const record = newDeployRecord();
  const project = await stopwatch.time('migrations', () =>
    loadMigrationProject({ dir: options.dir, format: options.format, dirLabel: options.dirLabel }),
  );
  const spec = parseTargetUrl(options.url);
  const reading = await stopwatch.time('history', async () => {
    const target = await connectTarget(spec, options.environment);
    try {
      const read = await readMigrationStates(target.client, project, spec);
      // Known before check runs: what a half-done migration left would otherwise be judged as the
      // target's own state (an index it built "already exists") instead of what it is.
      const interrupted = await interruptedRuns(target.client, project, read.states, { closeAborted: false });
      return { info: target.info, ...read, interrupted };
    } finally {
      await target.client.close();
    }
  });
  const pending = pendingOf(project, reading.states);
  const finish = (outcome: DeployOutcome): DeployResult =>
    result(outcome, reading.info, options, record, pending, record.statesAfter ?? reading.states, stopwatch);
  addStep(record, {
    name: 'status',
    status: 'passed',
    detail: `${pending.length} pending of ${project.migrations.length} (${project.format.title}, ${reading.history.table})`,
  });

  const foreign = foreignHistoryRefusal(reading.history);
  if (foreign) return refuse(record, 'history', [foreign], finish);
  const refusals = [...(await historyRefusals(project, reading.states, options.production)), ...reading.interrupted];
  if (refusals.length) return refuse(record, 'history', refusals, finish);
  if (pending.length === 0) {
    addStep(record, { name: 'apply', status: 'skipped', detail: 'nothing to deploy: the target is up to date' });
    return finish('up-to-date');
  }
  if (options.production) {
    const guard = await productionGuard(project, pending);
    if (guard.length) return refuse(record, 'production guard', guard, finish);
    // The schema changed without a migration (a `db push`, a hand-made index): migrations written
    // against the history would meet a database that is not what they expect.
    const drifted = await stopwatch.time('drift', () =>
      drift({
        dir: options.dir,
        format: project.format.id,
        url: options.url,
        ...(options.environment ? { environment: options.environment } : {}),
        ...(options.driftAllow ? { allow: options.driftAllow } : {}),
        ...(options.check?.shadowUrl !== undefined ? { shadowUrl: options.check.shadowUrl } : {}),
        ...(options.check?.cacheDir !== undefined ? { cacheDir: options.check.cacheDir } : {}),
      }),
    );
    const unexpected = drifted.items.filter((item) => !item.allowed);
    if (unexpected.length) {
      return refuse(
        record,
        'drift',
        [
          {
            ruleId: 'deploy-schema-drift',
            severity: 'error',
            message: `production's schema differs from what its applied migrations produce (a change made without a migration?): ${unexpected
              .slice(0, 5)
              .map((item) => `${item.kind} ${item.object}`)
              .join('; ')}${unexpected.length > 5 ? `; and ${unexpected.length - 5} more` : ''}`,
            help: 'adopt the change in a migration, undo it (pgpreflight drift prints the SQL for both), or list it under drift.allow with a reason',
            evidence: { items: unexpected.map((item) => ({ kind: item.kind, object: item.object })) },
          },
        ],
        finish,
      );
    }
    addStep(record, {
      name: 'production guard',
      status: 'passed',
      detail: `migrations committed in git; no reset; no drift${drifted.summary.allowed ? ` (${drifted.summary.allowed} known item(s) allowed)` : ''}`,
    });
  }

  // The gates: check on the target (read-only), then the staging rehearsal for level 3.
  options.onProgress?.({ phase: 'check' });
  const checked = await stopwatch.time('check', () =>
    check({
      dir: options.dir,
      ...(options.dirLabel ? { dirLabel: options.dirLabel } : {}),
      format: project.format.id,
      url: options.url,
      ...(options.environment ? { environment: options.environment } : {}),
      ...options.check,
    }),
  );
  for (const migration of checked.migrations) record.levels.set(migration.id, migration.level);
  const gate = checkGate(checked, options.accept ?? []);
  record.accepted = gate.accepted;
  record.acceptedFindings = gate.acceptedFindings;
  record.findings.push(...gate.unused);
  if (gate.blocking.length) {
    record.findings.push(...checked.findings.filter((f) => f.severity !== 'error'));
    return refuse(record, 'check', gate.blocking, finish);
  }
  addStep(record, {
    name: 'check',
    status: checked.summary.warnings ? 'warning' : 'passed',
    detail: `no blocking finding${gate.accepted.length ? ` (${gate.accepted.length} accepted)` : ''}; ${checked.summary.warnings} warning(s); highest level ${checked.summary.level ?? '–'}`,
  });
  if (options.production) {
    const levelThree = pending.filter((m) => record.levels.get(m.id) === 3);
    const staging = await stopwatch.time('gates', () => stagingGate(levelThree, options.staging));
    if (staging.findings.length) return refuse(record, 'staging rehearsal', staging.findings, finish);
    addStep(record, {
      name: 'staging rehearsal',
      status: levelThree.length ? 'passed' : 'skipped',
      detail: staging.run
        ? `run #${staging.run.id} on ${staging.run.environment} (${staging.run.startedAt}) rehearsed ${levelThree.map((m) => m.id).join(', ')} with passing rollbacks`
        : 'no level-3 migration',
    });
    const confirmed = options.confirm
      ? await options.confirm({
          target: reading.info,
          migrations: pending.map((m) => ({ id: m.id, level: record.levels.get(m.id) ?? null })),
        })
      : false;
    if (!confirmed) {
      return refuse(
        record,
        'confirmation',
        [
          {
            ruleId: 'deploy-not-confirmed',
            severity: 'error',
            message: `production deploy to ${reading.info.database} was not confirmed`,
            help: 'type the database name when asked, or pass --yes together with --env <production environment>',
          },
        ],
        finish,
      );
    }
    addStep(record, { name: 'confirmation', status: 'passed', detail: `production database ${reading.info.database} confirmed` });
  }
  if (options.planOnly) return finish('planned');

  // From here on the deploy writes. Ctrl-C cancels the running statement; the failure path records it.
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort());
  let settle: Promise<unknown> = Promise.resolve();
  let cancel: () => Promise<void> = async () => undefined;
  const unregister = addShutdownTask(async () => {
    controller.abort();
    await cancel();
    await Promise.race([settle, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  });
  try {
    const running = runDeploy({
      options: { ...options, signal: controller.signal },
      project,
      spec,
      record,
      stopwatch,
      setCancel: (fn) => (cancel = fn),
    });
    settle = running.catch(() => undefined);
    const outcome = await running;
    if (outcome === 'deployed' && options.watch) {
      const applied = record.migrations.filter((m) => m.outcome === 'applied').map((m) => m.id);
      record.watch = await stopwatch.time('watch', () =>
        watch({
          ...options.watch,
          url: options.url,
          ...(options.environment ? { environment: options.environment } : {}),
          dir: options.dir,
          format: project.format.id,
          migrations: applied,
          since: 'deploy',
          signal: controller.signal,
          onProgress: (progress) => options.onProgress?.({ phase: 'watch', progress }),
        }),
      );
      addStep(record, {
        name: 'watch',
        status: record.watch.summary.alerts ? 'failed' : 'passed',
        detail: `${record.watch.summary.events} failed statement(s), ${record.watch.summary.causedByDeploy} caused by the deploy, ${record.watch.summary.alerts} alert(s)`,
      });
      record.findings.push(...record.watch.findings);
    }
    if (outcome === 'failed' || outcome === 'rolled-back') {
      const input = deployIncident(outcome, reading.info, record, reading.history.table);
      const file = writeIncidentReport({ projectRoot: project.layout.projectRoot, input });
      record.incident = { ...input, file };
    }
    return finish(outcome);
  } catch (error) {
    if (isPgPreflightError(error) && (error.code === 'DEPLOY_BLOCKED' || error.code === 'DEPLOY_LOCKED')) {
      record.findings.push({
        ruleId: error.code === 'DEPLOY_BLOCKED' ? 'deploy-blocked' : 'deploy-locked',
        severity: 'error',
        message: error.message,
        ...(error.hint ? { help: error.hint } : {}),
      });
      return finish('aborted');
    }
    throw error;
  } finally {
    unregister();
  }
}

function refuse(
  record: DeployRecord,
  step: string,
  findings: readonly Finding[],
  finish: (outcome: DeployOutcome) => DeployResult,
): DeployResult {
  addStep(record, { name: step, status: 'failed', detail: findings.map((f) => f.message).join('; ') });
  record.findings.unshift(...findings);
  return finish('refused');
}

function result(
  outcome: DeployOutcome,
  target: TargetInfo,
  options: DeployOptions,
  record: DeployRecord,
  pending: readonly Migration[],
  states: readonly MigrationState[],
  stopwatch: Stopwatch,
): DeployResult {
  const reported = new Set(record.migrations.map((m) => m.id));
  const status = (id: string): MigrationStatus => states.find((s) => s.id === id)?.status ?? 'pending';
  const migrations: DeployedMigration[] = [
    ...record.migrations.map((m) => ({ ...m, status: status(m.id) })),
    ...pending
      .filter((m) => !reported.has(m.id))
      .map((m): DeployedMigration => ({
        id: m.id,
        path: m.path,
        checksum: m.checksum,
        level: record.levels.get(m.id) ?? null,
        outcome: 'not-run',
        status: status(m.id),
      })),
  ];
  const levels = migrations.map((m) => m.level).filter((l): l is SafetyLevel => l !== null);
  const findings = applyRuleSettings(record.findings, options.check?.severities);
  return {
    command: 'deploy',
    target,
    production: options.production,
    outcome,
    migrations,
    steps: record.steps,
    accepted: record.accepted,
    backup: record.backup,
    run: record.run,
    incident: record.incident,
    watch: record.watch,
    findings,
    summary: {
      ...countFindings(findings),
      pending: pending.length,
      applied: migrations.filter((m) => m.outcome === 'applied').length,
      level: levels.length ? (Math.max(...levels) as SafetyLevel) : null,
    },
    timings: stopwatch.result(),
  };
}
