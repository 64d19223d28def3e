import path from 'node:path';
import type { Command } from 'commander';
import type { DeployProgress } from '../../commands/deploy/deploy-options.js';
import { ExitCode } from '../../core/exit-code.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { registerSecretsInUrl } from '../../core/redact-secrets.js';
import type { AcceptedFinding, DeployResult } from '../../report/deploy-result.js';
import { renderDeployText } from '../../report/render-deploy-text.js';
import type { CliIo } from '../cli-io.js';
import { requireTarget, type CommandContext } from '../command-context.js';
import { confirmProduction, guardedTarget, productionEnvironment } from '../confirm-production.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { lintThresholds } from '../lint-thresholds.js';
import { parseWholeNumber } from '../parse-whole-number.js';
import { progressLine } from '../progress-line.js';
import { resolveTargetUrl } from '../../config/resolve-target-url.js';
import { runCommand } from '../run-command.js';
import { parseDurationOption } from '../parse-watch-time.js';
import { verifyConfigOptions } from './verify-command.js';
import { watchConfigOptions } from './watch-command.js';

interface DeployCommandOptions extends GlobalOptions {
  readonly yes: boolean;
  readonly accept: string[];
  readonly plan: boolean;
  readonly backup: boolean;
  readonly lockTimeout?: string;
  readonly statementTimeout?: string;
  readonly retries?: string;
  readonly blockerWait?: string;
  readonly lockWait?: string;
  readonly shadowUrl?: string;
  readonly watch?: string;
  readonly verify: boolean;
}

export function registerDeployCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('deploy')
    .description(
      'the guarded deploy: gates, blockers, backup, lock, apply with history as the tool writes it, status, workflows, rollback on failure',
    )
    .option('--yes', 'confirm a production deploy without the prompt (only together with --env naming it)', false)
    .option(
      '--accept <rule:migration=reason>',
      'accept one error-level finding of check, with the reason recorded (repeatable)',
      collect,
      [],
    )
    .option('--plan', 'run every guard and gate, print the plan, change nothing', false)
    .option('--backup', 'take a verified pg_dump first (always on production)', false)
    .option('--lock-timeout <ms>', 'lock_timeout of each migration statement (default 5000)')
    .option('--statement-timeout <ms>', 'statement_timeout of each migration statement (default 0: none)')
    .option('--retries <n>', 'tries of a step that cannot get its lock or deadlocks (default 5)')
    .option('--blocker-wait <ms>', 'how long to wait for blocking sessions before aborting (default 60000)')
    .option('--lock-wait <ms>', "how long to wait for another deploy's migration lock (default 600000)")
    .option('--shadow-url <url>', "build check's shadow on a scratch database on this server instead of the embedded one")
    .option(
      '--watch <duration>',
      'after a successful deploy, follow the logs for this long (watch; config `watch` names them): an alert fails the deploy',
    )
    .option('--no-verify', 'skip the verify step after applying')
    .addHelpText(
      'after',
      `
In order: the target's history (a failed migration blocks, as its tool does); on production, only
committed files and no reset; check on the target (no error unless --accept'ed with a reason); on
production, a level-3 migration needs a green \`rehearse --record\` of the same files on staging;
production asks for the database name (or --yes with --env). Then: the migration lock (the tool's
own advisory lock, polled), blocking sessions (waits, then aborts listing them), a verified backup,
workflows, each migration in its own transaction with lock_timeout and retries, history written as
the tool writes it, status and workflows after — and the rollbacks when something broke.

Exit code 0 deployed (or nothing to do), 1 refused or failed, 2 usage, 3 blocked or unreachable.

Examples:
  pgpreflight deploy --env staging
  pgpreflight deploy --env production --plan
  pgpreflight deploy --env production --yes --accept 'check-values-removed:20251104000000_physical_count=value retired in #412'`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (options: DeployCommandOptions) => {
    const progress = progressLine(io, !options.quiet && options.format === 'text');
    done(
      await runCommand<DeployResult>(
        {
          name: 'deploy',
          execute: async (context) => {
            try {
              return await runDeployCommand(context, options, (event) => progress.update(describeProgress(event)));
            } finally {
              progress.clear();
            }
          },
          renderText: (result, context) => renderDeployText(result, { colors: context.colors, cwd: context.io.cwd }),
          quietLine: (result) => `${result.outcome}: ${result.summary.applied} of ${result.summary.pending} migration(s) applied`,
          exitCode: (result) =>
            result.outcome === 'aborted'
              ? ExitCode.environment
              : (result.outcome === 'deployed' || result.outcome === 'up-to-date' || result.outcome === 'planned') &&
                  result.summary.errors === 0
                ? ExitCode.ok
                : ExitCode.findings,
        },
        io,
        options,
      ),
    );
  });
}

async function runDeployCommand(
  context: CommandContext,
  options: DeployCommandOptions,
  onProgress: (event: DeployProgress) => void,
): Promise<DeployResult> {
  const target = requireTarget(context);
  const accept = options.accept.map(parseAccept);
  const production = productionEnvironment(context, target);
  const settings = context.config.deploy ?? {};
  const number = (option: string, value: string | undefined, min: number, example: string): number | undefined =>
    parseWholeNumber(option, value, min, example);
  const { loadWorkflows } = await import('../../commands/rehearse/load-workflows.js');
  const { deploy } = await import('../../commands/deploy/deploy.js');
  const { runActor } = await import('../../migrations/run-records.js');
  const workflows = await loadWorkflows(context.config.workflows, context.configFile ? path.dirname(context.configFile) : context.dir);
  const lockTimeoutMs = number('--lock-timeout', options.lockTimeout, 0, '--lock-timeout 2000') ?? settings.lockTimeoutMs;
  const statementTimeoutMs =
    number('--statement-timeout', options.statementTimeout, 0, '--statement-timeout 600000') ?? settings.statementTimeoutMs;
  const maxAttempts = number('--retries', options.retries, 1, '--retries 10') ?? settings.retries;
  if (options.shadowUrl !== undefined) registerSecretsInUrl(options.shadowUrl);
  return deploy({
    ...guardedTarget(context, target),
    accept,
    confirm: async (plan) => {
      const levels = plan.migrations.map((m) => `${m.id}${m.level ? ` (level ${m.level})` : ''}`).join(', ');
      await confirmProduction(context, target, { action: `deploy ${levels} to`, yes: options.yes });
      return true;
    },
    planOnly: options.plan,
    backup: options.backup,
    ...(context.config.backup?.dir ? { backupDir: context.config.backup.dir } : {}),
    ...(context.config.backup?.pgDump ? { pgDump: context.config.backup.pgDump } : {}),
    apply: {
      ...(lockTimeoutMs !== undefined ? { lockTimeoutMs } : {}),
      ...(statementTimeoutMs !== undefined ? { statementTimeoutMs } : {}),
      ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    },
    ...optional('blockerWaitMs', number('--blocker-wait', options.blockerWait, 0, '--blocker-wait 120000') ?? settings.blockerWaitMs),
    ...optional('lockWaitMs', number('--lock-wait', options.lockWait, 0, '--lock-wait 60000') ?? settings.lockWaitMs),
    ...(settings.blockers ? { blockerThresholds: settings.blockers } : {}),
    workflows,
    ...(context.config.drift?.allow ? { driftAllow: context.config.drift.allow } : {}),
    ...(options.verify ? { verify: verifyConfigOptions(context.config) } : {}),
    ...(options.watch !== undefined
      ? { watch: { ...watchConfigOptions(context), followMs: parseDurationOption('--watch', options.watch, '--watch 15m') } }
      : {}),
    ...stagingOf(context, production),
    check: {
      ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
      ...(context.config.source ? { source: context.config.source } : {}),
      ...(context.rules ? { severities: context.rules } : {}),
      ...(context.config.lint ? { thresholds: lintThresholds(context.config.lint) } : {}),
    },
    actor: runActor(context.env),
    onProgress,
  });
}

/** `rule:migration=reason`; a reason is required, since the run records why the risk was taken. */
function parseAccept(raw: string): AcceptedFinding {
  const match = /^([a-z0-9-]+):([^=]+)=(.+)$/s.exec(raw.trim());
  if (!match || match[3]!.trim() === '') {
    throw new PgPreflightError('USAGE', `--accept ${raw}: expected rule:migration=reason`, {
      hint: "for example --accept 'check-values-removed:20251104000000_physical_count=value retired in #412' (migration * for every one)",
    });
  }
  return { ruleId: match[1]!, migration: match[2]!.trim(), reason: match[3]!.trim() };
}

/** The environment whose recorded rehearsal vouches for level-3 migrations on this production one. */
function stagingOf(context: CommandContext, production: string | undefined): { staging?: { environment: string; url: string } } {
  if (production === undefined) return {};
  const environments = context.config.environments ?? {};
  const name = environments[production]?.staging ?? 'staging';
  if (!environments[name]) return {};
  const selection = resolveTargetUrl({ env: name }, context.config, context.env);
  return selection ? { staging: { environment: name, url: selection.url } } : {};
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function describeProgress(event: DeployProgress): string {
  switch (event.phase) {
    case 'check':
      return 'checking the pending migrations against the target';
    case 'lock':
      return `waiting for the migration lock (${Math.round(event.waitedMs / 1000)} s)${event.holder ? `: held by pid ${event.holder.pid} ${event.holder.application}` : ''}`;
    case 'blockers':
      return `waiting for ${event.blockers.length} blocking session(s), ${Math.ceil(event.remainingMs / 1000)} s left: ${event.blockers.map((b) => `pid ${b.pid} ${b.kind}`).join(', ')}`;
    case 'backup':
      return 'backing up with pg_dump';
    case 'workflows':
      return 'running the critical workflows';
    case 'verify':
      return 'verifying';
    case 'rollback':
      return `rolling back ${event.migration}`;
    case 'watch':
      return `watching the logs: ${Math.round(event.progress.elapsedMs / 1000)} s${event.progress.remainingMs === null ? '' : ` of ${Math.round((event.progress.elapsedMs + event.progress.remainingMs) / 1000)} s`}, ${event.progress.groups.reduce((n, g) => n + g.count, 0)} failed statement(s), ${event.progress.alerts} alert(s)`;
    case 'apply':
      return event.event.kind === 'retry'
        ? `${event.event.migration}: lock not available (${event.event.sqlState}), try ${event.event.attempt + 1} in ${Math.round(event.event.waitMs / 1000)} s`
        : event.event.kind === 'step'
          ? `applying ${event.event.migration} (step ${event.event.step} of ${event.event.steps}${event.event.alone ? `, ${event.event.alone}` : ''})`
          : `${event.event.migration}: dropped the INVALID index ${event.event.index}`;
  }
}
