import type { CatalogIndex } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { Statement } from '../../sql/statement.js';
import { resolveSchema, shownName, targetStateFinding, type TargetStateInput } from './target-state-input.js';

type IndexStatement = Extract<Statement, { kind: 'IndexStmt' }>;

/**
 * `CREATE [UNIQUE] INDEX [CONCURRENTLY] IF NOT EXISTS x`: where the target already has an `x`,
 * PostgreSQL skips the statement with a NOTICE, whatever that `x` is. An INVALID `x` left by a
 * failed concurrent build enforces nothing and is never used by the planner; a valid one with
 * other keys is not the index the migration asks for. The migration's index is the one the shadow
 * holds after it.
 */
export function judgeIndexIfNotExists(input: TargetStateInput, statement: IndexStatement): Finding[] {
  const { idxname: name, relation } = statement.ast;
  if (!statement.ast.if_not_exists || !name || !relation?.relname || input.touched.relation(name)) return [];
  const schema = resolveSchema(relation.schemaname, relation.relname, [input.after.tables, input.before.tables]);
  const existing = input.target.objects.indexes.find((i) => i.schema === schema && i.name === name);
  const wanted = input.after.indexes.find((i) => i.schema === schema && i.name === name);
  if (!existing || !wanted) return [];
  const shown = shownName(schema, name);
  const relied = wanted.unique || wanted.constraint !== null;
  const drop = `DROP INDEX CONCURRENTLY IF EXISTS ${shown}; before this statement, so it builds the index again`;
  const evidence = { index: shown, target: describe(existing), migration: describe(wanted) };
  if (!existing.valid) {
    return [
      targetStateFinding(input, statement, {
        ruleId: 'target-index-invalid',
        severity: 'error',
        message:
          `the target holds an INVALID index ${shown} (left by a failed CREATE INDEX CONCURRENTLY): this IF NOT EXISTS skips with a NOTICE, ` +
          `the migration succeeds and the invalid index stays — ${relied ? 'uniqueness is not enforced and ON CONFLICT on these keys fails (42P10)' : 'queries never use it'}`,
        help: drop,
        evidence,
      }),
    ];
  }
  // Keys compare only while the table is as the target has it (no column renamed or retyped before).
  const differences = input.touched.table(relation.relname) ? [] : indexDifferences(existing, wanted);
  if (differences.length === 0) return [];
  return [
    targetStateFinding(input, statement, {
      ruleId: 'target-index-differs',
      severity: relied ? 'error' : 'warning',
      message:
        `the target already has an index ${shown} with ${differences.join(', ')}: this IF NOT EXISTS skips it, and the index the migration ` +
        `defines is not built${relied ? ` — what ${wanted.constraint ? `constraint ${wanted.constraint}` : 'the unique index'} would enforce is absent` : ''}`,
      help: drop,
      evidence: { ...evidence, differences },
    }),
  ];
}

function describe(index: CatalogIndex): Readonly<Record<string, unknown>> {
  return { definition: index.definition, valid: index.valid, ...(index.constraint ? { constraint: index.constraint } : {}) };
}

/** What the target's index has that the migration's does not, in words: `other keys (a) instead of (a, b)`. */
export function indexDifferences(target: CatalogIndex, wanted: CatalogIndex): string[] {
  const out: string[] = [];
  if (target.table !== wanted.table) out.push(`another table (${target.table} instead of ${wanted.table})`);
  if (target.method !== wanted.method) out.push(`another method (${target.method} instead of ${wanted.method})`);
  if (JSON.stringify(target.keys) !== JSON.stringify(wanted.keys)) {
    out.push(`other keys (${target.columns.join(', ')}) instead of (${wanted.columns.join(', ')})`);
  }
  if (target.unique !== wanted.unique) out.push(target.unique ? 'UNIQUE where the migration has none' : 'no UNIQUE');
  if (target.nullsNotDistinct !== wanted.nullsNotDistinct) out.push(target.nullsNotDistinct ? 'NULLS NOT DISTINCT' : 'NULLS DISTINCT');
  if (JSON.stringify(target.include) !== JSON.stringify(wanted.include)) out.push(`INCLUDE (${target.include.join(', ')})`);
  if (target.predicate !== wanted.predicate) {
    out.push(
      target.predicate === null ? 'no WHERE' : `WHERE ${target.predicate}${wanted.predicate ? ` instead of ${wanted.predicate}` : ''}`,
    );
  }
  return out;
}
