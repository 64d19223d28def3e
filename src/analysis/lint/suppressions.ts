import type { Statement } from '../../sql/statement.js';

export interface Suppression {
  readonly rules: readonly string[];
  readonly reason: string | undefined;
  /** `pgpreflight-ignore-file`: the whole file. */
  readonly file: boolean;
  /** The statement a `pgpreflight-ignore` comment stands before. */
  readonly statementIndex?: number;
  readonly line: number;
  used: boolean;
}

const PATTERN = /pgpreflight-ignore(-file)?\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::\s*(.*?))?\s*(?:\*\/)?$/;

/**
 * `-- pgpreflight-ignore <rule-id>[, <rule-id>]: <reason>` before a statement, or
 * `-- pgpreflight-ignore-file <rule-id>: <reason>` anywhere before a statement of the file.
 */
export function readSuppressions(statements: readonly Statement[]): Suppression[] {
  const found: Suppression[] = [];
  for (const statement of statements) {
    for (const comment of statement.leadingComments) {
      for (const [i, text] of comment.text.split('\n').entries()) {
        const match = PATTERN.exec(text.trim());
        if (!match) continue;
        const file = match[1] === '-file';
        found.push({
          rules: match[2]!.split(',').map((r) => r.trim()),
          reason: match[3]?.trim() || undefined,
          file,
          ...(file ? {} : { statementIndex: statement.index }),
          line: comment.line + i,
          used: false,
        });
      }
    }
  }
  return found;
}
