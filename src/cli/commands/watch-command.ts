import path from 'node:path';
import { Option, type Command } from 'commander';
import { ExitCode } from '../../core/exit-code.js';
import { renderWatchProgress, renderWatchText } from '../../report/render-watch-text.js';
import type { WatchOptions } from '../../commands/watch/watch-options.js';
import type { WatchResult } from '../../report/watch-result.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../command-context.js';
import { addGlobalOptions, type GlobalOptions } from '../global-options.js';
import { onInterrupt } from '../interrupt.js';
import { liveView } from '../live-view.js';
import { parseDurationOption, parseTimeOption } from '../parse-watch-time.js';
import { runCommand } from '../run-command.js';

interface WatchCommandOptions extends GlobalOptions {
  readonly log?: string[];
  readonly logFormat?: 'csvlog' | 'jsonlog' | 'stderr';
  readonly appLog?: string[];
  readonly stdin: boolean;
  readonly for?: string;
  readonly since?: string | true;
  readonly sinceDeploy?: string;
  readonly migration?: string[];
  readonly baseline?: string;
  readonly pollInterval?: string;
  readonly poll: boolean;
  readonly showValues: boolean;
}

const DEFAULT_FOLLOW = '15m';
// Repeatable options; no default, so --help does not print "(default: [])".
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerWatchCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program
    .command('watch')
    .description('after a deploy: the failed statements in the logs, those the deploy caused, against a baseline, with alerts')
    .option(
      '--log <file|dir>',
      'a PostgreSQL server log (csvlog, jsonlog or stderr), or its log folder (files written since the baseline, then the newest, followed)',
      collect,
    )
    .addOption(
      new Option('--log-format <format>', 'format of the --log files (default: from the name or the first line)').choices([
        'csvlog',
        'jsonlog',
        'stderr',
      ]),
    )
    .option(
      '--app-log <file>',
      'an application log: JSON lines or text (Prisma, node-postgres, Supabase), or a Supabase CSV export',
      collect,
    )
    .option('--stdin', 'read application log lines from stdin (kubectl logs -f … | pgpreflight watch --stdin)', false)
    .option('--for <duration>', `follow the sources for this long, with a live view on a terminal (default ${DEFAULT_FOLLOW})`)
    .option(
      '--since [time]',
      'read the logs once, to their end: events from TIME (2025-11-04T10:00:00Z, or 2h for two hours ago; default: the deploy)',
    )
    .option('--since-deploy <time>', 'migrations applied at or after TIME are the deploy (default: the newest batch in the history)')
    .option('--migration <id>', 'the deployed migration, named (repeatable; needs no target)', collect)
    .option('--baseline <duration>', 'how far before the deploy the baseline reaches (default 1h)')
    .option('--poll-interval <duration>', 'how often to read the database statistics while following (default 10s)')
    .option('--no-poll', 'do not poll the database statistics while following')
    .option('--show-values', 'show row values from DETAIL lines and statements (personal data) instead of …', false)
    .addHelpText(
      'after',
      `
Sources, in any combination: PostgreSQL's own log (--log; csvlog and jsonlog carry the SQLSTATE,
stderr logs are read with any log_line_prefix), application logs (--app-log, --stdin; Prisma's
known errors, the PostgreSQL error inside its unknown-request errors and driver-adapter errors,
node-postgres and PostgREST errors, Supabase postgres log rows, printed errors with their stack, or
text with a PostgreSQL message), and with a target the database's statistics (pg_stat_database,
pg_stat_statements): a coarse signal.

With a target (--url/--env), the migrations of the newest deploy in its history are replayed on the
embedded shadow; events on a constraint, column, table or enum they added or changed are "caused
by the deploy". Alerts (config watch.thresholds): any event caused by the deploy, or more than 10
integrity errors of one kind in an hour above the baseline. config watch.onAlert runs a command or
POSTs to a webhook with the alert as JSON; a failing hook never stops the watch.

Exit code 1 when an alert fired, 0 when quiet, 2 for usage, 3 for an unreadable log or database.

Examples:
  pgpreflight watch --env production --log /var/log/postgresql --for 15m
  kubectl logs -f deploy/api | pgpreflight watch --stdin --env production
  pgpreflight watch --log postgresql.csv --since 2025-11-04T10:00:00Z --migration 20251104000000_physical_count`,
    );
  addGlobalOptions(command, ['text', 'json']).action(async (options: WatchCommandOptions) => {
    const view = liveView(io, !options.quiet && options.format === 'text');
    const stop = new AbortController();
    let finished!: () => void;
    const done$ = new Promise<void>((resolve) => (finished = resolve));
    // Ctrl-C ends the watch early: the summary is still printed before the process exits.
    const offInterrupt = onInterrupt(async () => {
      stop.abort();
      await done$;
    });
    try {
      done(
        await runCommand<WatchResult>(
          {
            name: 'watch',
            execute: async (context) => {
              try {
                const { watch } = await import('../../commands/watch/watch.js');
                return await watch({
                  ...watchOptions(options, context),
                  signal: stop.signal,
                  onProgress: (p) => view.render(renderWatchProgress(p, context.colors, Math.max(40, (io.columns ?? 100) - 1))),
                  onAlertRaised: (alert) => view.print(`${context.colors.red(context.colors.bold('ALERT'))}  ${alert.message}`),
                });
              } finally {
                view.clear();
              }
            },
            renderText: (result, context) => renderWatchText(result, { colors: context.colors, cwd: context.io.cwd }),
            quietLine: (result) =>
              `${result.summary.alerts} alert(s), ${result.summary.events} event(s) of ${result.summary.kinds} kind(s), ${result.summary.causedByDeploy} caused by the deploy`,
            exitCode: (result) => (result.summary.errors > 0 ? ExitCode.findings : ExitCode.ok),
          },
          io,
          options,
        ),
      );
    } finally {
      offInterrupt();
      finished();
    }
  });
}

/** The config's `watch` sources, thresholds and hook (shared with `deploy --watch`). */
export function watchConfigOptions(
  context: CommandContext,
): Pick<WatchOptions, 'serverLogs' | 'appLogs' | 'thresholds' | 'onAlert' | 'baselineMs' | 'pollIntervalMs'> {
  const config = context.config.watch ?? {};
  const configDir = context.configFile ? path.dirname(context.configFile) : context.io.cwd;
  const fromConfig = (file: string): string => path.resolve(configDir, file);
  return {
    serverLogs: (config.logs ?? []).map((log) => ({ path: fromConfig(log.path), ...(log.format ? { format: log.format } : {}) })),
    appLogs: (config.appLogs ?? []).map(fromConfig),
    ...(config.thresholds ? { thresholds: config.thresholds } : {}),
    ...(config.onAlert !== undefined ? { onAlert: config.onAlert } : {}),
    ...(config.baseline !== undefined ? { baselineMs: parseDurationOption('watch.baseline', config.baseline, '1h') } : {}),
    ...(config.pollInterval !== undefined ? { pollIntervalMs: parseDurationOption('watch.pollInterval', config.pollInterval, '10s') } : {}),
  };
}

function watchOptions(options: WatchCommandOptions, context: CommandContext): WatchOptions {
  const config = context.config.watch ?? {};
  const fromCwd = (file: string): string => path.resolve(context.io.cwd, file);
  const now = Date.now();
  const hook = config.onAlert;
  const fromConfig = watchConfigOptions(context);
  const serverLogs = options.log?.length
    ? options.log.map((file) => ({ path: fromCwd(file), ...(options.logFormat ? { format: options.logFormat } : {}) }))
    : fromConfig.serverLogs!;
  const appLogs = options.appLog?.length ? options.appLog.map(fromCwd) : fromConfig.appLogs!;
  const once = options.since !== undefined && options.for === undefined;
  const baseline = options.baseline ?? config.baseline;
  const pollInterval = options.pollInterval ?? config.pollInterval;
  return {
    dir: context.dir,
    dirLabel: context.dirLabel,
    ...(context.migrationFormat ? { format: context.migrationFormat } : {}),
    ...(context.target
      ? { url: context.target.url, ...(context.target.environment ? { environment: context.target.environment } : {}) }
      : {}),
    serverLogs,
    appLogs,
    ...(options.stdin ? { stdin: process.stdin } : {}),
    ...(once ? {} : { followMs: parseDurationOption('--for', options.for ?? DEFAULT_FOLLOW, '--for 15m') }),
    ...(options.since === true
      ? { since: 'deploy' as const }
      : options.since !== undefined
        ? { since: parseTimeOption('--since', options.since, now) }
        : {}),
    ...(options.sinceDeploy !== undefined ? { sinceDeploy: parseTimeOption('--since-deploy', options.sinceDeploy, now) } : {}),
    ...(options.migration?.length ? { migrations: options.migration } : {}),
    ...(baseline !== undefined ? { baselineMs: parseDurationOption('--baseline', baseline, '--baseline 1h') } : {}),
    ...(pollInterval !== undefined ? { pollIntervalMs: parseDurationOption('--poll-interval', pollInterval, '--poll-interval 10s') } : {}),
    ...(config.thresholds ? { thresholds: config.thresholds } : {}),
    ...(hook !== undefined ? { onAlert: hook } : {}),
    poll: options.poll,
    showValues: options.showValues,
  };
}
