import { access } from 'node:fs/promises';
import type { ActivityReport } from '../../catalog/activity-report.js';
import { attributeEvent } from '../../analysis/watch/attribute-event.js';
import { classifyEvent } from '../../analysis/watch/classify-event.js';
import { NeedleScanner } from '../../analysis/watch/needle-scanner.js';
import { indexedSchema, SchemaIndex } from '../../analysis/watch/schema-index.js';
import type { WatchEvent } from '../../analysis/watch/watch-event.js';
import { WatchTally } from '../../analysis/watch/watch-tally.js';
import type { WatchAlert } from '../../core/watch-records.js';
import { DEFAULT_WATCH_THRESHOLDS, HOUR_MS, type WatchWindow } from '../../analysis/watch/watch-thresholds.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { registerSecret, registerSecretsInUrl } from '../../core/redact-secrets.js';
import { Stopwatch } from '../../core/timings.js';
import { connectTarget, type ConnectedTarget } from '../../db/connect-target.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import { parseTargetUrl } from '../../db/target-url.js';
import type { WatchHookCall, WatchResult, WatchSourceReport } from '../../report/watch-result.js';
import { findDeployed, type DeployKnowledge } from './find-deployed.js';
import { loadWatchedProject } from './load-watched-project.js';
import { logSources, type LogSource } from './log-sources.js';
import { pollActivity } from './poll-activity.js';
import { runAlertHook } from './run-alert-hook.js';
import { watchFindings, nextCommands } from './watch-findings.js';
import type { WatchOptions } from './watch-options.js';

const DEFAULT_BASELINE_MS = HOUR_MS;
const DEFAULT_POLL_MS = 10_000;

/**
 * SPEC `watch`: after a deploy, reads the server's logs, the application's logs and the database's
 * statistics, classifies every failed statement, marks those that touch what the deploy changed,
 * and raises alerts against a baseline and thresholds. Runs once over the logs (`since`) or
 * follows them for a duration (`followMs`). Never writes the target.
 */
export async function watch(options: WatchOptions): Promise<WatchResult> {
  const stopwatch = new Stopwatch();
  const follow = options.followMs !== undefined;
  const sources = await logSources(options, follow);
  const polling = follow && options.url !== undefined && options.poll !== false;
  if (!sources.length && !polling) {
    throw new PgPreflightError('USAGE', follow ? 'nothing to watch' : 'nothing to read once: --since reads logs', {
      hint: follow
        ? 'give a server log (--log FILE|DIR), an application log (--app-log FILE, --stdin), or a target (--url/--env) whose statistics to poll'
        : 'give a server log (--log FILE|DIR), an application log (--app-log FILE) or --stdin; the statistics poller needs --for',
    });
  }
  for (const source of sources) if (source.file) await readable(source.file);
  const thresholds = { ...DEFAULT_WATCH_THRESHOLDS, ...options.thresholds };
  if (typeof options.onAlert === 'object') {
    // A webhook URL often carries its token in the path: never printed, whoever calls watch.
    registerSecret(options.onAlert.webhook);
    registerSecretsInUrl(options.onAlert.webhook);
  }

  let target: ConnectedTarget | undefined;
  const hookCalls: Promise<WatchHookCall>[] = [];
  try {
    const spec = options.url === undefined ? undefined : parseTargetUrl(options.url);
    if (spec) target = await stopwatch.time('connect', () => connectTarget(spec, options.environment));
    const project = await stopwatch.time('migrations', () => loadWatchedProject(options, target, spec));
    const knowledge: DeployKnowledge = project.project
      ? await stopwatch.time('shadow', () =>
          findDeployed({
            project: project.project!,
            ...(project.states ? { states: project.states } : {}),
            ...(options.migrations?.length ? { named: options.migrations } : {}),
            ...(options.sinceDeploy !== undefined ? { sinceDeploy: options.sinceDeploy } : {}),
            cacheDir: options.cacheDir ?? defaultCacheDir(project.project!.layout.projectRoot),
            ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
            ...(target ? { target: target.info } : {}),
          }),
        )
      : { basis: 'none', deployedAt: options.sinceDeploy ?? null, migrations: [], changes: [], schema: undefined, notes: [] };
    const notes = [...project.notes, ...knowledge.notes];
    let schemaObjects = knowledge.schema;
    if (!schemaObjects && target) {
      const client = target.client;
      schemaObjects = indexedSchema(
        (await stopwatch.time('catalog', () => withReadOnlyTransaction(client, (tx) => takeCatalogSnapshot(tx)))).objects,
      );
    }
    const schema = schemaObjects ? new SchemaIndex(schemaObjects) : undefined;

    // The duration counts from here: connecting and replaying the deploy are not watching.
    const startedAt = Date.now();
    const { window, fromBasis } = watchWindow(options, knowledge, follow, startedAt);
    const tally = new WatchTally({ window, thresholds, showValues: options.showValues === true });
    const alerts: WatchAlert[] = [];
    const raise = (alert: WatchAlert): void => {
      alerts.push(alert);
      options.onAlertRaised?.(alert);
      if (options.onAlert !== undefined) {
        const body = { tool: 'pgpreflight', event: 'watch-alert', alert, target: target?.info ?? null, deployed: knowledge.migrations };
        hookCalls.push(runAlertHook(options.onAlert, body).then((outcome) => ({ alert: alert.message, ...outcome })));
      }
    };
    const targetDatabase = target?.info.kind === 'postgres' ? target.info.database : undefined;
    const onEvent = (source: LogSource, report: MutableSourceReport, event: WatchEvent): void => {
      if (source.kind === 'server-log' && targetDatabase && event.database && event.database !== targetDatabase) {
        report.otherDatabases = (report.otherDatabases ?? 0) + 1;
        return;
      }
      report.events++;
      const classified = classifyEvent(event, schema);
      for (const alert of tally.add(classified, attributeEvent(classified, knowledge.changes), source.label, Date.now())) raise(alert);
    };

    const stop = new AbortController();
    const abort = (): void => stop.abort();
    options.signal?.addEventListener('abort', abort);
    if (options.signal?.aborted) stop.abort();
    const reports = sources.map((source) => newReport(source));
    let activity: ActivityReport | null = null;
    const timers: NodeJS.Timeout[] = [];
    if (follow) timers.push(setTimeout(abort, options.followMs));
    const progress = (): void =>
      options.onProgress?.({
        elapsedMs: Date.now() - startedAt,
        remainingMs: follow ? Math.max(0, startedAt + options.followMs! - Date.now()) : null,
        sources: reports.map(freeze),
        groups: tally.result(),
        alerts: alerts.length,
        activity,
      });
    if (options.onProgress) timers.push(setInterval(progress, options.progressIntervalMs ?? 1000));

    const readers = sources.map(async (source, i) => {
      const scanner = new NeedleScanner(source.format);
      const report = reports[i]!;
      for await (const chunk of source.chunks(stop.signal, () => report.rotations++, window.baselineFrom ?? window.from)) {
        report.bytes += chunk.data.length;
        for (const event of scanner.push(chunk.data, chunk.atEnd)) onEvent(source, report, event);
      }
    });
    const poller =
      polling && target
        ? pollActivity(target, knowledge, thresholds, options.pollIntervalMs ?? DEFAULT_POLL_MS, stop.signal, (report, alertMessage) => {
            activity = report;
            if (alertMessage) {
              raise({ kind: 'rollback-rate', at: report.to, message: alertMessage, count: report.rollbacks.during });
            }
          }).catch((error: unknown) => {
            notes.push(`the statistics poller stopped: ${error instanceof Error ? error.message : String(error)}`);
          })
        : undefined;
    try {
      const reading = Promise.all(readers);
      if (!follow) await reading;
      // Following files or the statistics runs until the time is up; following only a stream, until it ends.
      else if (poller || sources.some((s) => s.file)) await Promise.race([aborted(stop.signal), reading.then(() => aborted(stop.signal))]);
      else await Promise.race([aborted(stop.signal), reading]);
    } finally {
      stop.abort();
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      await Promise.allSettled([...readers, ...(poller ? [poller] : [])]);
    }
    stopwatch.add('read', Date.now() - startedAt);

    const groups = tally.result();
    const hooks = await Promise.all(hookCalls);
    const findings = watchFindings(alerts, hooks, notes);
    const events = groups.reduce((sum, group) => sum + group.count, 0);
    const causedByDeploy = groups.filter((group) => group.causedByDeploy && group.count > 0).length;
    return {
      command: 'watch',
      target: target?.info ?? null,
      mode: follow ? 'follow' : 'once',
      window: {
        from: iso(window.from),
        fromBasis,
        to: new Date().toISOString(),
        baselineFrom: iso(window.baselineFrom),
        followMs: options.followMs ?? null,
      },
      deploy: {
        basis: knowledge.basis,
        deployedAt: iso(knowledge.deployedAt),
        migrations: knowledge.migrations,
        changes: knowledge.changes,
        notes,
      },
      sources: reports.map(freeze),
      groups,
      activity,
      alerts,
      hooks,
      findings,
      next: causedByDeploy ? nextCommands(groups, knowledge, options.environment) : null,
      valuesShown: options.showValues === true,
      summary: {
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
        infos: findings.filter((f) => f.severity === 'info').length,
        events,
        kinds: groups.filter((group) => group.count > 0).length,
        causedByDeploy,
        alerts: alerts.length,
      },
      timings: stopwatch.result(),
    };
  } finally {
    await Promise.allSettled(hookCalls);
    await target?.client.close().catch(() => undefined);
  }
}

type MutableSourceReport = { -readonly [K in keyof WatchSourceReport]: WatchSourceReport[K] };

function newReport(source: LogSource): MutableSourceReport {
  return { kind: source.kind, label: source.label, format: source.formatName, bytes: 0, events: 0, rotations: 0 };
}

function freeze(report: MutableSourceReport): WatchSourceReport {
  return { ...report };
}

function watchWindow(
  options: WatchOptions,
  knowledge: DeployKnowledge,
  follow: boolean,
  startedAt: number,
): { window: WatchWindow; fromBasis: WatchResult['window']['fromBasis'] } {
  const baselineMs = options.baselineMs ?? DEFAULT_BASELINE_MS;
  let from: number | null;
  let fromBasis: WatchResult['window']['fromBasis'];
  if (typeof options.since === 'number') {
    from = options.since;
    fromBasis = 'since';
  } else if (knowledge.deployedAt !== null) {
    from = knowledge.deployedAt;
    fromBasis = 'deploy';
  } else if (options.since === 'deploy') {
    throw new PgPreflightError('USAGE', '--since without a time needs to know when the deploy was', {
      hint: "give a target whose history records apply times (--url/--env), --since-deploy TIME, or a time: --since '2025-11-04T10:00:00Z' or --since 2h",
    });
  } else {
    from = follow ? startedAt : null;
    fromBasis = follow ? 'start' : 'none';
  }
  return { window: { from, baselineFrom: from === null ? null : from - baselineMs }, fromBasis };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

async function readable(file: string): Promise<void> {
  await access(file).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PgPreflightError('LOG_READ_FAILED', `cannot read log ${file} (${code})`, {
      hint: code === 'EACCES' ? 'run as a user that can read the log, or copy the file' : 'check the path',
      cause: error,
    });
  });
}

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}
