import type { ProbeRequest } from './probe-request.js';
import type { ModelledStep } from './rows-model/table-model.js';

export type ProbeOutcome = 'violations' | 'clean' | 'failed';

/** What the target's rows say about one request. */
export interface ProbeResult {
  readonly request: ProbeRequest;
  readonly outcome: ProbeOutcome;
  /** Offending rows (row probes, foreign keys) or duplicate key groups (unique). */
  readonly count: number;
  /** For unique probes: rows in the duplicate groups. */
  readonly rows?: number;
  /** Up to five offending rows: primary key and the columns involved (or key + count for unique). */
  readonly samples: readonly Readonly<Record<string, unknown>>[];
  /** SQL a person can run to list every offending row. */
  readonly query: string;
  readonly sqlState?: string;
  readonly error?: string;
  readonly ms: number;
  /**
   * Counted over the rows as the statements before the change leave them (`modelled`, with those
   * statements), or over the target's rows while a statement before changes them in a way that
   * cannot be modelled (`undecided`, with where and why). Absent when nothing before changes them.
   */
  readonly model?: ProbeModel;
}

export type ProbeModel =
  | { readonly kind: 'modelled'; readonly steps: readonly ModelledStep[] }
  | { readonly kind: 'undecided'; readonly migration: string; readonly line: number; readonly reason: string };
