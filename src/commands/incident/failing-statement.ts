import { readFile } from 'node:fs/promises';
import { parseSql } from '../../sql/parse-sql.js';
import type { IncidentInput } from '../../report/incident-input.js';

/**
 * The statement of a migration file that failed: the one spanning `line` when the error gave a
 * position, else (PostgreSQL gives none for a constraint that existing rows violate) the statement
 * that adds the named constraint, marked as inferred. Undefined when the file cannot be read.
 */
export async function failingStatement(
  file: string,
  line: number | undefined,
  constraint: string | undefined,
): Promise<IncidentInput['statement']> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const { statements } = await parseSql(text, { bodies: false });
  if (line !== undefined) {
    const at = statements.find((s) => s.line <= line && line <= s.endLine);
    return at ? { text: at.text, line } : { line };
  }
  if (!constraint) return undefined;
  const naming = statements.filter((s) => s.text.includes(constraint));
  const adding = naming.find((s) => /\bADD\s+CONSTRAINT\b|\bCREATE\s+(UNIQUE\s+)?INDEX\b/i.test(s.text)) ?? naming[0];
  return adding ? { text: adding.text, line: adding.line, inferred: true } : undefined;
}
