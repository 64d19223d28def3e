export type Severity = 'error' | 'warning' | 'info';

/**
 * A result of analysis (SPEC principle 4: findings are results, not exceptions). `evidence` is
 * per rule and machine-readable; renderers show it and never invent it.
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly help?: string;
  readonly migration?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly evidence?: Readonly<Record<string, unknown>>;
}

export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const finding of findings) {
    if (finding.severity === 'error') errors++;
    else if (finding.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
