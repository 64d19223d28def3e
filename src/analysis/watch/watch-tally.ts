import type { Attribution, EventGroup, EventSample, WatchAlert, WatchAlertKind } from '../../core/watch-records.js';
import type { ClassifiedEvent } from './classify-event.js';
import { redactStatement, redactValues } from './redact-values.js';
import { HOUR_MS, type WatchThresholds, type WatchWindow } from './watch-thresholds.js';

interface MutableGroup {
  readonly first: ClassifiedEvent;
  readonly window: Map<string, number>;
  readonly baseline: Map<string, number>;
  /** Per source, the times of the last hour's events, at most what the rate threshold allows plus one. */
  readonly recent: Map<string, number[]>;
  firstAt: number | null;
  lastAt: number | null;
  attribution: Attribution | null;
  readonly samples: EventSample[];
  readonly alerted: Set<WatchAlertKind>;
}

export interface TallyOptions {
  readonly window: WatchWindow;
  readonly thresholds: WatchThresholds;
  readonly showValues: boolean;
  readonly samplesPerGroup?: number;
  readonly maxGroups?: number;
}

const OVERFLOW_KEY = 'other errors (too many kinds to list)';

/**
 * Counts classified events per failure, splits them into baseline and watch window, and applies
 * the thresholds as events arrive. Memory is bounded by the number of distinct failures (capped),
 * never by the number of events: a 1 GB log costs no more than a small one.
 */
export class WatchTally {
  private readonly groups = new Map<string, MutableGroup>();
  private readonly samplesPerGroup: number;
  private readonly maxGroups: number;
  private readonly baselineHours: number | null;
  /** Events read before the baseline window (or before the window when there is no baseline). */
  ignored = 0;

  constructor(private readonly options: TallyOptions) {
    this.samplesPerGroup = options.samplesPerGroup ?? 3;
    this.maxGroups = options.maxGroups ?? 1000;
    const { from, baselineFrom } = options.window;
    this.baselineHours = from !== null && baselineFrom !== null && from > baselineFrom ? (from - baselineFrom) / HOUR_MS : null;
  }

  /**
   * Adds one event; `fallbackAt` times a line that carries no time (when it was read). Returns the
   * alerts this event raised (each kind fires once per failure).
   */
  add(event: ClassifiedEvent, attribution: Attribution | undefined, source: string, fallbackAt: number): WatchAlert[] {
    const at = event.event.at ?? fallbackAt;
    const { from, baselineFrom } = this.options.window;
    const group = this.groupFor(event);
    if (from !== null && at < from) {
      if (baselineFrom !== null && at >= baselineFrom) group.baseline.set(source, (group.baseline.get(source) ?? 0) + 1);
      else this.ignored++;
      return [];
    }
    group.window.set(source, (group.window.get(source) ?? 0) + 1);
    group.firstAt = group.firstAt === null ? at : Math.min(group.firstAt, at);
    group.lastAt = group.lastAt === null ? at : Math.max(group.lastAt, at);
    group.attribution ??= attribution ?? null;
    if (group.samples.length < this.samplesPerGroup) group.samples.push(this.sample(event, source));
    return this.check(group, source, at);
  }

  /** The failures, caused-by-deploy first, then by count. */
  result(): EventGroup[] {
    return [...this.groups.entries()]
      .map(([key, group]) => this.snapshot(key, group))
      .filter((group) => group.count > 0 || (group.baseline?.count ?? 0) > 0)
      .sort((a, b) => Number(!!b.causedByDeploy) - Number(!!a.causedByDeploy) || b.count - a.count || a.key.localeCompare(b.key));
  }

  private check(group: MutableGroup, source: string, at: number): WatchAlert[] {
    const alerts: WatchAlert[] = [];
    const { thresholds } = this.options;
    const count = maxOf(group.window);
    const label = describeGroup(group.first);
    if (
      group.attribution &&
      thresholds.causedByDeploy > 0 &&
      count >= thresholds.causedByDeploy &&
      !group.alerted.has('caused-by-deploy')
    ) {
      group.alerted.add('caused-by-deploy');
      alerts.push({
        kind: 'caused-by-deploy',
        at: new Date(at).toISOString(),
        message: `${label}, ${group.attribution.change.endsWith('-added') ? 'added' : 'changed'} by ${group.attribution.migration}: ${count} event${count === 1 ? '' : 's'} since the deploy`,
        ...this.alertFields(group),
        migration: group.attribution.migration,
        count,
      });
    }
    if (group.first.eventClass === 'integrity' && thresholds.integrityPerHour > 0 && !group.alerted.has('integrity-rate')) {
      const baselinePerHour = this.perHour(group.baseline.get(source) ?? 0) ?? 0;
      const allowed = baselinePerHour + thresholds.integrityPerHour;
      const recent = group.recent.get(source) ?? [];
      group.recent.set(source, recent);
      recent.push(at);
      while (recent.length && recent[0]! <= at - HOUR_MS) recent.shift();
      if (recent.length > allowed) {
        group.alerted.add('integrity-rate');
        alerts.push({
          kind: 'integrity-rate',
          at: new Date(at).toISOString(),
          message: `${label}: ${recent.length} in the last hour from the ${source} (baseline ${round(baselinePerHour)}/h, threshold ${round(allowed)}/h)`,
          ...this.alertFields(group),
          count: recent.length,
        });
      }
    }
    return alerts;
  }

  private alertFields(group: MutableGroup): Pick<WatchAlert, 'key' | 'sqlState' | 'constraint' | 'table'> {
    const e = group.first;
    return {
      key: e.key,
      sqlState: e.sqlState,
      ...(e.constraint ? { constraint: e.constraint } : {}),
      ...(e.table ? { table: e.table } : {}),
    };
  }

  private perHour(count: number): number | null {
    return this.baselineHours === null ? null : count / this.baselineHours;
  }

  private groupFor(event: ClassifiedEvent): MutableGroup {
    let key = event.key;
    if (!this.groups.has(key) && this.groups.size >= this.maxGroups) key = OVERFLOW_KEY;
    let group = this.groups.get(key);
    if (!group) {
      group = {
        first: key === OVERFLOW_KEY ? { event: event.event, key, sqlState: 'mixed', eventClass: 'other' } : event,
        window: new Map(),
        baseline: new Map(),
        recent: new Map(),
        firstAt: null,
        lastAt: null,
        attribution: null,
        samples: [],
        alerted: new Set(),
      };
      this.groups.set(key, group);
    }
    return group;
  }

  private sample(event: ClassifiedEvent, source: string): EventSample {
    const e = event.event;
    const shown = (text: string | undefined, redact: (text: string) => string): string | undefined =>
      text === undefined ? undefined : this.options.showValues ? text : redact(text);
    const detail = shown(e.detail, redactValues);
    // CONTEXT quotes the statement a function ran, literals and all.
    const context = shown(e.context, (text) => redactStatement(redactValues(text)));
    const statement = shown(e.statement, redactStatement);
    return {
      at: e.at === null ? null : new Date(e.at).toISOString(),
      source,
      message: shown(e.message, redactValues)!,
      ...(detail ? { detail } : {}),
      ...(context ? { context } : {}),
      ...(statement ? { statement } : {}),
      ...(e.prismaCode ? { prismaCode: e.prismaCode } : {}),
    };
  }

  private snapshot(key: string, group: MutableGroup): EventGroup {
    const e = group.first;
    const baselineCount = maxOf(group.baseline);
    const perHour = this.perHour(baselineCount);
    return {
      key,
      label: describeGroup(e),
      sqlState: e.sqlState,
      eventClass: e.eventClass,
      ...(e.constraint ? { constraint: e.constraint } : {}),
      ...(e.table ? { table: e.table } : {}),
      ...(e.column ? { column: e.column } : {}),
      ...(e.columns ? { columns: e.columns } : {}),
      count: maxOf(group.window),
      bySource: Object.fromEntries(group.window),
      baseline: perHour === null ? null : { count: baselineCount, perHour: round(perHour) },
      firstAt: group.firstAt === null ? null : new Date(group.firstAt).toISOString(),
      lastAt: group.lastAt === null ? null : new Date(group.lastAt).toISOString(),
      causedByDeploy: group.attribution,
      samples: group.samples,
    };
  }
}

/** "23514 on constraint x (table t)": how a failure is named in alerts and reports. */
export function describeGroup(
  event: Pick<ClassifiedEvent, 'sqlState' | 'constraint' | 'table' | 'column' | 'columns' | 'type' | 'function' | 'key'>,
): string {
  const on = (what: string): string => `${event.sqlState} on ${what}`;
  const table = event.table ? `${event.table}.` : '';
  if (event.constraint) return on(`${event.constraint}${event.table ? ` (${event.table})` : ''}`);
  if (event.column) return on(`column ${table}${event.column}`);
  if (event.columns?.length) return on(`columns ${table}(${event.columns.join(', ')})`);
  if (event.table) return on(`table ${event.table}`);
  if (event.type) return on(`type ${event.type}`);
  if (event.function) return on(`function ${event.function}`);
  return event.key;
}

function maxOf(counts: ReadonlyMap<string, number>): number {
  let max = 0;
  for (const value of counts.values()) if (value > max) max = value;
  return max;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
