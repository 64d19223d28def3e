import type { Finding } from '../core/finding.js';

export const SYNTAX_ERROR_RULE = 'syntax-error';

export interface SyntaxErrorAt {
  /** PostgreSQL's message, unchanged: `syntax error at or near "fro"`. */
  readonly message: string;
  readonly file?: string;
  readonly line: number;
  readonly column?: number;
  readonly evidence?: Readonly<Record<string, unknown>>;
}

/** A statement PostgreSQL would reject is a finding (SPEC principle 4), never an exception. */
export function syntaxErrorFinding(at: SyntaxErrorAt): Finding {
  return {
    ruleId: SYNTAX_ERROR_RULE,
    severity: 'error',
    message: at.message,
    help: 'PostgreSQL rejects this statement; fix the SQL before anything else is checked.',
    ...(at.file === undefined ? {} : { file: at.file }),
    line: at.line,
    ...(at.column === undefined ? {} : { column: at.column }),
    ...(at.evidence === undefined ? {} : { evidence: at.evidence }),
  };
}
