import type { IncidentInput } from './incident-input.js';

export interface IncidentResult {
  readonly command: 'incident';
  /** Absolute path of the report written. */
  readonly file: string;
  /** False when nothing was known: the report is the bare template. */
  readonly prefilled: boolean;
  readonly input: IncidentInput;
}
