import type { ActivitySample } from './read-activity.js';

export interface ActivityReport {
  readonly samples: number;
  readonly from: string;
  readonly to: string;
  readonly rollbacks: {
    readonly during: number;
    readonly perHour: number;
    /** The long-run rate before the watch: counter over time since stats_reset (or server start). */
    readonly baselinePerHour: number;
    readonly baselineSince: string;
  };
  readonly statements:
    | readonly {
        readonly table: string;
        readonly callsPerHour: number;
        readonly rowsPerHour: number;
        readonly baselineCallsPerHour: number | null;
        readonly baselineRowsPerHour: number | null;
      }[]
    | null;
  readonly note: string;
}

const HOUR_MS = 3_600_000;

const NOTE =
  'coarse signal: xact_rollback counts every rolled-back transaction (deliberate ones too), and the baseline is the average since the counters were reset';

/** Rates between the first and the latest reading, beside the long-run rates before the first. */
export function activityReport(first: ActivitySample, last: ActivitySample, samples: number): ActivityReport {
  const hours = Math.max(last.at - first.at, 1) / HOUR_MS;
  const baselineHours = Math.max(first.at - first.since, 1) / HOUR_MS;
  const statementsBaselineHours = first.statementsSince === null ? null : Math.max(first.at - first.statementsSince, 1) / HOUR_MS;
  const during = last.rollbacks - first.rollbacks;
  return {
    samples,
    from: new Date(first.at).toISOString(),
    to: new Date(last.at).toISOString(),
    rollbacks: {
      during,
      perHour: round(during / hours),
      baselinePerHour: round(first.rollbacks / baselineHours),
      baselineSince: new Date(first.since).toISOString(),
    },
    statements:
      first.statements && last.statements
        ? last.statements.map((now) => {
            const before = first.statements!.find((s) => s.table === now.table);
            return {
              table: now.table,
              callsPerHour: round((now.calls - (before?.calls ?? 0)) / hours),
              rowsPerHour: round((now.rows - (before?.rows ?? 0)) / hours),
              baselineCallsPerHour: statementsBaselineHours === null || !before ? null : round(before.calls / statementsBaselineHours),
              baselineRowsPerHour: statementsBaselineHours === null || !before ? null : round(before.rows / statementsBaselineHours),
            };
          })
        : null,
    note: NOTE,
  };
}

/**
 * The alert line when more transactions rolled back during the watch than `ratio` times what the
 * baseline rate predicts for the same time, and at least `minimum` more than predicted (a handful of
 * rollbacks in a quiet database is not an incident).
 */
export function rollbackAlertMessage(report: ActivityReport, ratio: number, minimum: number): string | undefined {
  if (ratio <= 0) return undefined;
  const hours = Math.max(Date.parse(report.to) - Date.parse(report.from), 1) / HOUR_MS;
  const expected = report.rollbacks.baselinePerHour * hours;
  const { during } = report.rollbacks;
  if (during <= ratio * expected || during - expected < minimum) return undefined;
  return `${during} transactions rolled back in ${minutes(hours)} (${report.rollbacks.perHour}/h against a baseline of ${report.rollbacks.baselinePerHour}/h) — coarse: pg_stat_database.xact_rollback`;
}

function minutes(hours: number): string {
  const m = hours * 60;
  return m < 1 ? `${Math.round(m * 60)} s` : `${Math.round(m)} min`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
