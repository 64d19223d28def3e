import type { Finding } from '../../core/finding.js';
import type { Statement } from '../../sql/statement.js';
import { resolveSchema, shownName, targetStateFinding, type TargetStateInput } from './target-state-input.js';

/**
 * `CREATE INDEX x` / `CREATE TABLE t` without IF NOT EXISTS where the target already has a relation
 * of that name (made by hand, or left by a failed concurrent build): the shadow, built from the
 * history, does not have it, so the migration passes there and fails on the target with 42P07.
 */
export function judgeNameTaken(input: TargetStateInput, statement: Statement): Finding[] {
  const wanted = createdRelation(statement);
  if (!wanted || input.touched.relation(wanted.name)) return [];
  const schema = resolveSchema(wanted.schema, wanted.name, [input.after.tables, input.before.tables]);
  const objects = input.target.objects;
  const index = objects.indexes.find((i) => i.schema === schema && i.name === wanted.name);
  const table = objects.tables.find((t) => t.schema === schema && t.name === wanted.name);
  const sequence = objects.sequences.find((s) => s.schema === schema && s.name === wanted.name);
  if (!index && !table && !sequence) return [];
  const shown = shownName(schema, wanted.name);
  const what = index
    ? `an ${index.valid ? '' : 'INVALID '}index ${shown} (${index.definition})`
    : table
      ? `a ${table.kind} ${shown}`
      : `a sequence ${shown}`;
  return [
    targetStateFinding(input, statement, {
      ruleId: 'target-name-taken',
      severity: 'error',
      message: `fails on the target: relation "${wanted.name}" already exists (SQLSTATE 42P07) — the target has ${what} that the history does not create`,
      help:
        index && !index.valid
          ? `DROP INDEX CONCURRENTLY IF EXISTS ${shown}; before it`
          : `find out where the target's ${shown} comes from (pgpreflight drift), then drop it or write IF NOT EXISTS`,
      evidence: { relation: shown, ...(index ? { target: index.definition, valid: index.valid } : {}) },
    }),
  ];
}

function createdRelation(statement: Statement): { readonly schema: string | undefined; readonly name: string } | undefined {
  if (statement.kind === 'IndexStmt' && !statement.ast.if_not_exists && statement.ast.idxname) {
    return { schema: statement.ast.relation?.schemaname, name: statement.ast.idxname };
  }
  if (statement.kind === 'CreateStmt' && !statement.ast.if_not_exists && statement.ast.relation?.relname) {
    return { schema: statement.ast.relation.schemaname, name: statement.ast.relation.relname };
  }
  return undefined;
}
