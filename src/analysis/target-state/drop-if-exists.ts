import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import type { Finding } from '../../core/finding.js';
import type { Statement } from '../../sql/statement.js';
import { namesOf, splitName } from './statement-names.js';
import { resolveSchema, shownName, targetStateFinding, type TargetStateInput } from './target-state-input.js';

type DropStatement = Extract<Statement, { kind: 'DropStmt' }>;
type AlterStatement = Extract<Statement, { kind: 'AlterTableStmt' }>;

const KINDS: Readonly<
  Record<string, { readonly word: string; readonly has: (o: CatalogObjects, schema: string, name: string) => boolean }>
> = {
  OBJECT_TABLE: {
    word: 'table',
    has: (o, s, n) => o.tables.some((t) => t.schema === s && t.name === n && t.kind !== 'view' && t.kind !== 'matview'),
  },
  OBJECT_VIEW: { word: 'view', has: (o, s, n) => o.tables.some((t) => t.schema === s && t.name === n && t.kind === 'view') },
  OBJECT_MATVIEW: {
    word: 'materialized view',
    has: (o, s, n) => o.tables.some((t) => t.schema === s && t.name === n && t.kind === 'matview'),
  },
  OBJECT_INDEX: { word: 'index', has: (o, s, n) => o.indexes.some((i) => i.schema === s && i.name === n) },
  OBJECT_SEQUENCE: { word: 'sequence', has: (o, s, n) => o.sequences.some((q) => q.schema === s && q.name === n) },
  OBJECT_FUNCTION: { word: 'function', has: (o, s, n) => o.functions.some((f) => f.schema === s && f.name === n) },
  OBJECT_TYPE: {
    word: 'type',
    has: (o, s, n) => o.enums.some((e) => e.schema === s && e.name === n) || o.domains.some((d) => d.schema === s && d.name === n),
  },
};

/**
 * `DROP … IF EXISTS x` where the target has no `x` but the shadow — built from the history — had
 * one: the statement does nothing on the target, which is fine, but the history and the target
 * disagree (drift), so what else the migration assumes may not hold either. Context, an info.
 */
export function judgeDropIfExists(input: TargetStateInput, statement: DropStatement): Finding[] {
  const kind = KINDS[statement.ast.removeType ?? ''];
  if (!statement.ast.missing_ok || !kind) return [];
  const findings: Finding[] = [];
  for (const names of namesOf(statement.ast.objects ?? [])) {
    const split = splitName(names);
    if (!split || input.touched.relation(split.name) || input.touched.routine(split.name)) continue;
    const schema = resolveSchema(split.schema, split.name, [
      input.before.tables,
      input.before.indexes,
      input.before.sequences,
      input.before.functions,
    ]);
    if (!kind.has(input.before, schema, split.name) || kind.has(input.target.objects, schema, split.name)) continue;
    findings.push(missingFinding(input, statement, `${kind.word} ${shownName(schema, split.name)}`));
  }
  return findings;
}

/** `ALTER TABLE t DROP COLUMN / DROP CONSTRAINT IF EXISTS x`: the same, for columns and constraints. */
export function judgeAlterDropIfExists(input: TargetStateInput, statement: AlterStatement): Finding[] {
  const table = statement.ast.relation?.relname;
  if (!table) return [];
  const schema = resolveSchema(statement.ast.relation?.schemaname, table, [input.before.tables]);
  if (!input.target.objects.tables.some((t) => t.schema === schema && t.name === table)) return [];
  const findings: Finding[] = [];
  for (const item of statement.ast.cmds ?? []) {
    const cmd = 'AlterTableCmd' in item ? item.AlterTableCmd : undefined;
    if (!cmd?.missing_ok || !cmd.name || input.touched.column(table, cmd.name)) continue;
    const on = (o: CatalogObjects): boolean =>
      cmd.subtype === 'AT_DropColumn'
        ? o.columns.some((c) => c.schema === schema && c.table === table && c.name === cmd.name)
        : o.constraints.some((c) => c.schema === schema && c.table === table && c.name === cmd.name);
    if (cmd.subtype !== 'AT_DropColumn' && cmd.subtype !== 'AT_DropConstraint') continue;
    if (!on(input.before) || on(input.target.objects)) continue;
    const word = cmd.subtype === 'AT_DropColumn' ? 'column' : 'constraint';
    findings.push(missingFinding(input, statement, `${word} ${cmd.name} on ${shownName(schema, table)}`));
  }
  return findings;
}

function missingFinding(input: TargetStateInput, statement: Statement, what: string): Finding {
  return targetStateFinding(input, statement, {
    ruleId: 'target-drop-missing',
    severity: 'info',
    message: `the target has no ${what}, which the migrations before this one create: this IF EXISTS does nothing there — the target has drifted from the history`,
    help: 'pgpreflight drift lists where the target differs from what its migrations build',
    evidence: { object: what },
  });
}
