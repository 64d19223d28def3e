/** When watch raises an alert (config `watch.thresholds`). */
export interface WatchThresholds {
  /** Events on an object the deploy added or changed before alerting; 0 turns it off. */
  readonly causedByDeploy: number;
  /** Integrity errors of one kind (SQLSTATE and constraint) in any hour above the baseline rate; 0 turns it off. */
  readonly integrityPerHour: number;
  /** Statistics poller: transactions rolled back during the watch, as a multiple of what the baseline rate predicts; 0 turns it off. */
  readonly rollbackRatio: number;
}

/** The runbook's numbers: any event on a changed constraint, more than 10 per hour of any integrity error. */
export const DEFAULT_WATCH_THRESHOLDS: WatchThresholds = { causedByDeploy: 1, integrityPerHour: 10, rollbackRatio: 3 };

/** The time split of a watch. */
export interface WatchWindow {
  /** Events at or after this epoch ms are watched; null: every event read. */
  readonly from: number | null;
  /** Events in [baselineFrom, from) are the baseline; null: none. */
  readonly baselineFrom: number | null;
}

export const HOUR_MS = 3_600_000;
