import type { ProbeRequest } from './probe-request.js';

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
}
