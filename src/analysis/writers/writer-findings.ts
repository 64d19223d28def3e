import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import { effectTable } from '../../catalog/effect.js';
import type { Finding } from '../../core/finding.js';
import type { DatabaseClient } from '../../db/database-client.js';
import type { AttributedEffect } from '../effects/attribute-effects.js';
import { callSites } from './call-sites.js';
import { columnRules, type RuleOnColumn } from './column-rules.js';
import { evaluateWrite } from './evaluate-write.js';
import { functionWrites, type ColumnWrite } from './function-writes.js';
import { firingTriggers, type Routine } from './routines.js';

export interface WriterContext {
  readonly migration: { readonly id: string; readonly path: string };
  readonly effects: readonly AttributedEffect[];
  readonly after: CatalogObjects;
  readonly shadow: DatabaseClient;
  readonly routines: readonly Routine[];
  readonly triggers: Parameters<typeof firingTriggers>[1];
  /** Functions this migration creates or replaces: checked against every rule, not only new ones. */
  readonly changedHere: ReadonlySet<string>;
}

const VERB = { insert: 'inserts', update: 'sets', assign: 'assigns' } as const;

/**
 * The incident's finding: a function in the database (fired by a trigger, or called by one) writes
 * a value the migration's new rule rejects. Every write into a column whose rule changed is looked
 * at; a constant is judged by PostgreSQL on the shadow, an argument by the constants its callers
 * pass, and anything else is named as a warning rather than passed over.
 */
export async function writerFindings(context: WriterContext): Promise<Finding[]> {
  const rulesOf = columnRules(
    context.after,
    context.effects.map((e) => e.effect),
  );
  const findings = new Map<string, Finding>();
  for (const routine of context.routines) {
    if (!routine.body) continue;
    const writes = functionWrites(routine.body, routine.argumentNames, (table) => {
      const schema = table.schema ?? 'public';
      const columns = context.after.columns.filter((c) => c.schema === schema && c.table === table.name).map((c) => c.name);
      return columns.length ? columns : undefined;
    });
    for (const write of writes) {
      for (const table of writtenTables(write, routine, context)) {
        const rules = rulesOf(table.schema, table.name, write.column).filter((r) => r.changed || context.changedHere.has(routine.identity));
        for (const rule of rules) {
          for (const finding of await judge(write, routine, table, rule, context)) {
            findings.set(
              `${finding.ruleId}|${routine.identity}|${write.bodyLine}|${write.column}|${String(finding.evidence?.value)}`,
              finding,
            );
          }
        }
      }
    }
  }
  for (const finding of dynamicSqlFindings(context))
    findings.set(`${finding.ruleId}|${String(finding.evidence?.function)}|${String(finding.evidence?.functionLine)}`, finding);
  return [...findings.values()];
}

/**
 * EXECUTE of a string that names a table whose rules changed: what it writes is only known when it
 * runs, so it is named as a warning rather than passed over.
 */
function dynamicSqlFindings(context: WriterContext): Finding[] {
  const tables = new Set<string>();
  for (const { effect } of context.effects) {
    if (effect.kind === 'constraint-added' || effect.kind === 'constraint-validated') tables.add(effect.constraint.table);
    if (effect.kind === 'constraint-replaced') tables.add(effect.after.table);
    if (effect.kind === 'column-changed' && effect.changes.includes('set-not-null')) tables.add(effect.after.table);
    if (effect.kind === 'enum-values-removed') for (const c of effect.columns) tables.add(c.table);
  }
  if (tables.size === 0) return [];
  const found: Finding[] = [];
  for (const routine of context.routines) {
    for (const item of routine.body?.embedded ?? []) {
      if (item.context !== 'dynexecute' && item.context !== 'dynfors') continue;
      const table = [...tables].find((t) => new RegExp(`\\b${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(item.text));
      if (!table) continue;
      found.push({
        ruleId: 'writer-dynamic-sql',
        severity: 'warning',
        message: `${routine.label} line ${item.bodyLine} runs dynamic SQL that names ${table}, whose rules this migration changes; what it writes is only known when it runs`,
        help: 'check the values this EXECUTE can write, or cover it with a rehearse workflow',
        ...located(context, { schema: 'public', name: table }),
        evidence: {
          function: routine.identity,
          functionLine: item.bodyLine,
          statement: item.text,
          table,
          triggers: firingTriggers(routine, context.triggers),
        },
      });
    }
  }
  return found;
}

function writtenTables(write: ColumnWrite, routine: Routine, context: WriterContext): { schema: string; name: string }[] {
  if (write.table !== 'trigger-row') return [{ schema: write.table.schema ?? 'public', name: write.table.name }];
  // NEW.col := … changes the row only in a BEFORE row trigger on INSERT or UPDATE.
  return context.triggers
    .filter(
      (t) =>
        t.function.schema === routine.function.schema &&
        t.function.name === routine.function.name &&
        t.timing === 'before' &&
        t.level === 'row' &&
        t.events.some((e) => e === 'insert' || e === 'update'),
    )
    .map((t) => ({ schema: t.schema, name: t.table }));
}

async function judge(
  write: ColumnWrite,
  routine: Routine,
  table: { schema: string; name: string },
  { rule, changed }: RuleOnColumn,
  context: WriterContext,
): Promise<Finding[]> {
  const target = { schema: table.schema, table: table.name, column: write.column };
  const where = `${table.schema === 'public' ? '' : `${table.schema}.`}${table.name}.${write.column}`;
  const value = write.value;
  const report = (literal: string | null, sqlState: string, via?: { caller: Routine; bodyLine: number }): Finding =>
    rejection(write, routine, table, where, { rule, changed }, literal, sqlState, context, via);

  if (value.kind === 'literal') {
    const verdict = await evaluateWrite(context.shadow, context.after, target, rule, value.value);
    return verdict.rejected ? [report(value.value, verdict.sqlState!)] : [];
  }
  if (value.kind === 'omitted') {
    return rule.kind === 'not-null' && !rule.hasDefault && write.statement === 'insert' ? [report(null, '23502')] : [];
  }
  if (value.kind === 'parameter') {
    const sites = callSites(context.routines, routine).filter((site) => site.args[value.position] !== undefined);
    const found: Finding[] = [];
    for (const site of sites) {
      const literal = site.args[value.position]!;
      const verdict = await evaluateWrite(context.shadow, context.after, target, rule, literal);
      if (verdict.rejected) found.push(report(literal, verdict.sqlState!, { caller: site.caller, bodyLine: site.bodyLine }));
    }
    if (found.length || !changed) return found;
  }
  if (!changed) return [];
  return [
    {
      ruleId: 'writer-value-unknown',
      severity: 'warning',
      message: `${routine.label} line ${write.bodyLine} ${VERB[write.statement]} ${where} a value pgpreflight cannot know before it runs (${value.kind === 'parameter' ? `argument ${value.name ?? value.position + 1}, not a constant at any call in the database` : 'not a constant'}); the ${describeRule(rule, changed)} may reject it`,
      help: 'check by hand which values this write can produce, or cover it with a rehearse workflow',
      ...located(context, table),
      evidence: { ...writeEvidence(routine, write, table), triggers: firingTriggers(routine, context.triggers) },
    },
  ];
}

function rejection(
  write: ColumnWrite,
  routine: Routine,
  table: { schema: string; name: string },
  where: string,
  { rule, changed }: RuleOnColumn,
  literal: string | null,
  sqlState: string,
  context: WriterContext,
  via?: { caller: Routine; bodyLine: number },
): Finding {
  // A function called by a trigger function is fired by that trigger.
  const fired = [...firingTriggers(routine, context.triggers), ...(via ? firingTriggers(via.caller, context.triggers) : [])];
  const shown = literal === null ? 'NULL' : `'${literal}'`;
  const what =
    write.statement === 'insert' && literal === null && write.value.kind === 'omitted'
      ? `inserts into ${table.name} without ${write.column}, which has no default`
      : `${VERB[write.statement]} ${via ? `its argument (${shown} from ${via.caller.label} line ${via.bodyLine})` : shown} ${write.statement === 'update' ? `in ${where}` : `into ${where}`}`;
  const ruleId =
    rule.kind === 'check'
      ? fired.length
        ? 'check-rejects-trigger-write'
        : 'check-rejects-function-write'
      : rule.kind === 'enum'
        ? 'enum-value-written-by-function'
        : 'not-null-violated-by-function';
  const firedText = fired.length ? `; fired by ${fired.map((t) => `trigger ${t.name} ${t.event}`).join(', ')}` : '';
  return {
    ruleId,
    severity: 'error',
    message: `${routine.label} line ${write.bodyLine} ${what}; the ${describeRule(rule, changed)} rejects it (SQLSTATE ${sqlState})${firedText}`,
    help:
      rule.kind === 'check'
        ? `keep ${shown} in the CHECK's list, or change ${routine.label} in this migration so it writes an allowed value`
        : rule.kind === 'enum'
          ? `keep ${shown} in the enum, or change ${routine.label} in this migration so it writes a remaining label`
          : `give ${write.column} a DEFAULT, or change ${routine.label} in this migration so it always writes a value`,
    ...located(context, table),
    evidence: {
      ...writeEvidence(routine, write, table),
      value: literal,
      ...(rule.kind === 'check' ? { constraint: rule.constraint.name } : rule.kind === 'enum' ? { type: rule.type } : {}),
      sqlState,
      triggers: fired,
      ...(via ? { calledFrom: { function: via.caller.identity, line: via.bodyLine } } : {}),
    },
  };
}

function describeRule(rule: RuleOnColumn['rule'], changed: boolean): string {
  const fresh = changed ? 'new ' : '';
  if (rule.kind === 'check') return `${fresh}CHECK ${rule.constraint.name}`;
  if (rule.kind === 'enum') return `${changed ? 'shrunk ' : ''}enum ${rule.type}`;
  return `${fresh}NOT NULL`;
}

function writeEvidence(routine: Routine, write: ColumnWrite, table: { name: string }): Record<string, unknown> {
  return { function: routine.identity, functionLine: write.bodyLine, statement: write.text, table: table.name, column: write.column };
}

/** The migration, its file, and the line of the statement that changed this table. */
function located(context: WriterContext, table: { schema: string; name: string }): Pick<Finding, 'migration' | 'file' | 'line' | 'column'> {
  return { migration: context.migration.id, file: context.migration.path, ...originLine(context, table) };
}

/** The line of the migration statement that changed this table, for the finding's location. */
function originLine(context: WriterContext, table: { schema: string; name: string }): { line?: number; column?: number } {
  const found =
    context.effects.find((e) => {
      const t = effectTable(e.effect);
      return e.source && t && t.schema === table.schema && t.name === table.name;
    }) ?? context.effects.find((e) => e.source && e.effect.kind === 'enum-values-removed');
  return found?.source ? { line: found.source.line, column: found.source.column } : {};
}
