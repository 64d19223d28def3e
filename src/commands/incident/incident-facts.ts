import type { IncidentInput } from '../../report/incident-input.js';

/** Part of an incident's facts, as one source knows them. */
export type IncidentFacts = { -readonly [K in keyof IncidentInput]?: IncidentInput[K] };

/**
 * Joins what several sources know. The first source that has a fact wins (the caller puts the
 * most direct one first); lists are concatenated.
 */
export function mergeIncidentFacts(...sources: readonly (IncidentFacts | undefined)[]): IncidentInput {
  const merged: IncidentFacts = {};
  const findings: NonNullable<IncidentFacts['findings']>[number][] = [];
  const timeline: NonNullable<IncidentFacts['timeline']>[number][] = [];
  const names: string[] = [];
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source) as [keyof IncidentFacts, unknown][]) {
      if (key === 'findings' || key === 'timeline' || key === 'sources' || value === undefined) continue;
      if (merged[key] === undefined) (merged as Record<string, unknown>)[key] = value;
    }
    findings.push(...(source.findings ?? []));
    timeline.push(...(source.timeline ?? []));
    names.push(...(source.sources ?? []));
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return { ...merged, findings, timeline, sources: names };
}
