/**
 * The plain data `watch` reports (SPEC core types are plain readonly data): produced by the
 * analysis, rendered by the reports, part of the `--format json` document.
 */

/** The classes: what kind of breakage a failed statement is. */
export type FailureClass = 'integrity' | 'schema' | 'bad-value' | 'lock' | 'other';

/** What a failure names: the constraint, the table, the column (or the columns an application names). */
export interface FailedObject {
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly columns?: readonly string[];
}

/** Why a failure counts as caused by the deploy. */
export interface Attribution {
  readonly migration: string;
  /** The deployed object the events touch: `constraint x`, `column t.c`. */
  readonly object: string;
  /** The catalog effect that changed it (`constraint-replaced`, `table-added`…). */
  readonly change: string;
  readonly description: string;
}

/** One event as it was read; row values replaced by `…` unless --show-values. */
export interface EventSample {
  readonly at: string | null;
  readonly source: string;
  readonly message: string;
  readonly detail?: string;
  readonly context?: string;
  readonly statement?: string;
  readonly prismaCode?: string;
}

/** One failure (same SQLSTATE, same object) over the watch, from every source. */
export interface EventGroup extends FailedObject {
  readonly key: string;
  /** "23514 on x (t)": how alerts and reports name it. */
  readonly label: string;
  readonly sqlState: string;
  readonly eventClass: FailureClass;
  /** Events in the window: the largest count of any one source (the database and the application log the same failure). */
  readonly count: number;
  readonly bySource: Readonly<Record<string, number>>;
  /** The same events before the window, over the baseline; null without a baseline. */
  readonly baseline: { readonly count: number; readonly perHour: number } | null;
  readonly firstAt: string | null;
  readonly lastAt: string | null;
  readonly causedByDeploy: Attribution | null;
  readonly samples: readonly EventSample[];
}

/** Each alert is a finding `watch-<kind>` (the rule registry lists them). */
export const WATCH_ALERT_KINDS = ['caused-by-deploy', 'integrity-rate', 'rollback-rate'] as const;
export type WatchAlertKind = (typeof WATCH_ALERT_KINDS)[number];

export interface WatchAlert {
  readonly kind: WatchAlertKind;
  /** When the threshold was crossed (the event's time, or the poller's reading). */
  readonly at: string;
  readonly message: string;
  readonly key?: string;
  readonly migration?: string;
  readonly sqlState?: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly count: number;
}
