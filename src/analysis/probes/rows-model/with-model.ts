import type { ProbeResult } from '../probe-result.js';
import type { RowsAtProbe } from './rows-at-probe.js';

/** A probe's result with what its rows rest on: modelled statements, or the one that could not be modelled. */
export function withModel(result: ProbeResult, at: RowsAtProbe | undefined): ProbeResult {
  if (!at || at.kind === 'as-is') return result;
  if (at.kind === 'modelled') return { ...result, model: { kind: 'modelled', steps: at.steps } };
  return { ...result, model: { kind: 'undecided', migration: at.migration, line: at.line, reason: at.reason } };
}
