import type { Finding } from '../../core/finding.js';
import type { FileDelivery } from '../../migrations/file-delivery.js';
import { parseSql } from '../../sql/parse-sql.js';
import { relationOf, tableKey } from './lint-file.js';
import { lintMigration, type LintOptions } from './lint-migration.js';

export interface LintSource {
  readonly path: string;
  readonly id?: string;
  readonly sql: string;
  /** How the file's tool sends it (from its layout); without, the rules say what they assume. */
  readonly delivery?: FileDelivery;
}

export interface LintedSource {
  readonly source: LintSource;
  readonly statements: number;
  readonly findings: readonly Finding[];
}

/**
 * Lints files in order. With `pending`, they are the migrations the next deploy runs one after
 * another: a table one of them creates is new (and empty) for those after it. Otherwise each file
 * is judged alone, as if every table it does not create already holds data. A file that does not
 * parse gives its `syntax-error` findings (file, line, column) and nothing else.
 */
export async function lintSources(
  sources: readonly LintSource[],
  options: Omit<LintOptions, 'createdBefore'> & { readonly pending?: boolean } = {},
): Promise<LintedSource[]> {
  const created = new Set<string>();
  const linted: LintedSource[] = [];
  for (const source of sources) {
    const { statements, errors } = await parseSql(source.sql, { file: source.path });
    if (errors.length) {
      linted.push({
        source,
        statements: statements.length,
        findings: errors.map((e) => ({ ...e, ...(source.id ? { migration: source.id } : {}) })),
      });
      continue;
    }
    const findings = lintMigration({ path: source.path, ...(source.id ? { id: source.id } : {}) }, statements, {
      ...options,
      ...(source.delivery ? { delivery: source.delivery } : {}),
      ...(options.pending ? { createdBefore: new Set(created) } : {}),
    });
    linted.push({ source, statements: statements.length, findings });
    if (options.pending) {
      for (const s of statements) {
        const table = s.kind === 'CreateStmt' ? relationOf(s.ast as Record<string, unknown>) : undefined;
        if (table) created.add(tableKey(table));
      }
    }
  }
  return linted;
}
