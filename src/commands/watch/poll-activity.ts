import { activityReport, rollbackAlertMessage, type ActivityReport } from '../../catalog/activity-report.js';
import { hasStatementStatistics, readActivity, type ActivitySample } from '../../catalog/read-activity.js';
import type { WatchThresholds } from '../../analysis/watch/watch-thresholds.js';
import type { ConnectedTarget } from '../../db/connect-target.js';
import type { DeployKnowledge } from './find-deployed.js';

/**
 * The statistics poller: reads pg_stat_database (and pg_stat_statements for the tables the deploy
 * touched) every interval until the signal aborts, and reports the rates since the first reading
 * against the long-run rates before it. Raises the rollback alert at most once.
 */
export async function pollActivity(
  target: ConnectedTarget,
  knowledge: DeployKnowledge,
  thresholds: WatchThresholds,
  intervalMs: number,
  signal: AbortSignal,
  onReport: (report: ActivityReport, alert: string | undefined) => void,
): Promise<void> {
  const tables = [
    ...new Set(knowledge.changes.map((c) => c.table ?? (c.kind === 'table' ? c.name : undefined)).filter((t): t is string => !!t)),
  ];
  const withStatements = await hasStatementStatistics(target.client);
  const first: ActivitySample = await readActivity(target.client, tables, withStatements);
  let samples = 1;
  let alerted = false;
  const take = async (): Promise<void> => {
    const last = await readActivity(target.client, tables, withStatements);
    samples++;
    const report = activityReport(first, last, samples);
    const alert = alerted ? undefined : rollbackAlertMessage(report, thresholds.rollbackRatio, Math.max(1, thresholds.integrityPerHour));
    if (alert) alerted = true;
    onReport(report, alert);
  };
  while (!signal.aborted) {
    if (!(await sleepUnlessAborted(intervalMs, signal))) break;
    await take();
  }
  // One last reading at the end, so a watch shorter than the interval still has a rate.
  await take();
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
