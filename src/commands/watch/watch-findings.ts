import type { EventGroup, WatchAlert, WatchAlertKind } from '../../core/watch-records.js';
import type { Finding } from '../../core/finding.js';
import type { WatchHookCall } from '../../report/watch-result.js';
import type { DeployKnowledge } from './find-deployed.js';

const HELP: Readonly<Record<WatchAlertKind, string>> = {
  'caused-by-deploy': 'every such event is a user action failing since the deploy: roll back (commands below) or ship the fix now',
  'integrity-rate': 'more integrity errors than before the deploy: read the samples, then decide between rolling back and fixing forward',
  'rollback-rate': 'transactions fail more often than usual: read the server log (watch --log) to see which statements',
};

/** Alerts as error findings (they fail the run), hooks that failed as warnings, notes as infos. */
export function watchFindings(alerts: readonly WatchAlert[], hooks: readonly WatchHookCall[], notes: readonly string[]): Finding[] {
  return [
    ...alerts.map((alert): Finding => ({
      ruleId: `watch-${alert.kind}`,
      severity: 'error',
      message: alert.message,
      help: HELP[alert.kind],
      ...(alert.migration ? { migration: alert.migration } : {}),
      evidence: { ...alert },
    })),
    ...hooks
      .filter((hook) => !hook.ok)
      .map((hook): Finding => ({
        ruleId: 'watch-hook-failed',
        severity: 'warning',
        message: `the onAlert hook failed for "${hook.alert}": ${hook.error}`,
        help: 'check watch.onAlert in the config; the watch itself went on',
        evidence: { ...hook },
      })),
    ...notes.map((note): Finding => ({ ruleId: 'watch-note', severity: 'info', message: note })),
  ];
}

/**
 * What to run when the deploy caused failures: roll back from the newest deployed migration down
 * to the oldest one that caused events (rollback undoes the last applied first), then write the
 * incident report.
 */
export function nextCommands(
  groups: readonly EventGroup[],
  knowledge: DeployKnowledge,
  environment: string | undefined,
): { rollback: string[]; incident: string } {
  const env = environment ? ` --env ${environment}` : '';
  const causing = new Set(groups.flatMap((group) => (group.causedByDeploy && group.count > 0 ? [group.causedByDeploy.migration] : [])));
  const deployed = knowledge.migrations.map((m) => m.id);
  const oldest = deployed.findIndex((id) => causing.has(id));
  const toRollBack = oldest < 0 ? [...causing] : deployed.slice(oldest).reverse();
  return {
    rollback: toRollBack.map((id) => `pgpreflight rollback ${id}${env}`),
    incident: `pgpreflight incident --migration ${toRollBack.at(-1) ?? [...causing][0]}${env}`,
  };
}
