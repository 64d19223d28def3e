import type { ColumnChange, Effect } from '../../catalog/effect.js';
import { effectTable } from '../../catalog/effect.js';
import type { Statement } from '../../sql/statement.js';
import { statementTouches, type StatementTouches } from './statement-touches.js';

/** Where in the migration file an effect comes from. */
export interface EffectSource {
  readonly statementIndex: number;
  readonly line: number;
  readonly column: number;
  /**
   * True when no statement names the object and the effect is put on a DO block or a routine
   * call that may have done it.
   */
  readonly inferred: boolean;
}

export interface AttributedEffect {
  readonly effect: Effect;
  readonly source?: EffectSource;
}

/**
 * Finds, for each effect, the statement that produced it: the one naming both the object and its
 * table, else the one naming the object, else the one on its table, else (inferred) a DO block or
 * routine call. For what is created or changed the last such statement counts (drop + re-add shows
 * the re-add); for what is dropped, the first.
 */
export function attributeEffects(effects: readonly Effect[], statements: readonly Statement[]): AttributedEffect[] {
  const touches = statements.map(statementTouches);
  const attributed = effects.map((effect): AttributedEffect => {
    const found = locate(effect, touches);
    if (found === undefined) return { effect };
    const statement = statements[found.index]!;
    return {
      effect,
      source: { statementIndex: statement.index, line: statement.line, column: statement.column, inferred: found.inferred },
    };
  });
  // In the order the migration makes them (the catalog diff has its own order): a person reads the
  // effects and their probe findings top to bottom, and a later statement's probe follows an earlier one's.
  const order = (e: AttributedEffect): number => e.source?.statementIndex ?? Number.MAX_SAFE_INTEGER;
  return attributed.sort((x, y) => order(x) - order(y));
}

function locate(effect: Effect, touches: readonly StatementTouches[]): { index: number; inferred: boolean } | undefined {
  const table = effectTable(effect);
  const names = objectNames(effect);
  const dropping = /-dropped$|^rls-disabled$|^partition-detached$/.test(effect.kind);
  const onTable = (t: StatementTouches): boolean =>
    table !== undefined && t.tables.some((ref) => ref.name === table.name && (ref.schema === undefined || ref.schema === table.schema));
  const named = (t: StatementTouches): boolean => names.some((name) => t.names.has(name));
  const tiers: ((t: StatementTouches) => boolean)[] = [(t) => onTable(t) && named(t), named, onTable];
  if (effect.kind === 'enum-values-removed') {
    // The rows holding a removed label fail where a column is converted to the new type: the first such statement.
    const tablesOfType = new Set(effect.columns.map((c) => c.table));
    const converts = (t: StatementTouches): boolean =>
      t.retypesColumn && t.tables.some((ref) => tablesOfType.has(ref.name)) && effect.columns.some((c) => t.names.has(c.column));
    const first = touches.findIndex(converts);
    if (first >= 0) return { index: first, inferred: false };
  }
  if (effect.kind === 'column-changed') {
    // One effect sums every change of the column; it fails (and is probed) where the most
    // consequential one is made — the type change, else SET NOT NULL — not at a later SET DEFAULT.
    const column = effect.after.name;
    for (const change of [...CHANGE_WEIGHT].filter((c) => effect.changes.includes(c))) {
      const first = touches.findIndex((t) => onTable(t) && t.columnChanges.get(column)?.has(change));
      if (first >= 0) return { index: first, inferred: false };
    }
  }
  const adding = effect.kind.endsWith('-added');
  for (const tier of tiers) {
    const matches = touches.flatMap((t, index) => (tier(t) ? [index] : []));
    // A new table is where CREATE TABLE is, not the ALTER TABLE that adds its foreign key later.
    const creators = adding ? matches.filter((index) => touches[index]!.creates) : [];
    const chosen = creators.length ? creators : matches;
    if (chosen.length) return { index: dropping ? chosen[0]! : chosen[chosen.length - 1]!, inferred: false };
  }
  const opaque = touches.flatMap((t, index) => (t.opaque ? [index] : []));
  return opaque.length ? { index: opaque[opaque.length - 1]!, inferred: true } : undefined;
}

// The changes of a column in the order a person needs to see them: what fails on existing rows first.
const CHANGE_WEIGHT: readonly ColumnChange[] = ['type', 'set-not-null', 'generated', 'identity', 'default', 'drop-not-null', 'collation'];

/** The names a statement producing this effect would mention. */
export function objectNames(effect: Effect): string[] {
  switch (effect.kind) {
    case 'schema-added':
    case 'schema-dropped':
      return [effect.schema];
    case 'table-added':
    case 'table-dropped':
    case 'rls-enabled':
    case 'rls-disabled':
      return [effect.table.name];
    case 'partition-attached':
    case 'partition-detached':
      return [effect.table.name, effect.parent.name];
    case 'table-renamed':
      return [effect.before.name, effect.after.name];
    case 'column-added':
    case 'column-dropped':
      return [effect.column.name];
    case 'column-renamed':
      return [effect.before.name, effect.after.name];
    case 'column-changed':
      return [effect.after.name];
    case 'constraint-added':
    case 'constraint-dropped':
    case 'constraint-validated':
      return [effect.constraint.name];
    case 'constraint-replaced':
      return [effect.after.name, effect.before.name];
    case 'index-added':
    case 'index-dropped':
      return [effect.index.name];
    case 'index-replaced':
      return [effect.after.name];
    case 'enum-added':
    case 'enum-dropped':
      return [effect.enum.name];
    case 'enum-values-added':
      return [...effect.added, effect.after.name];
    case 'enum-values-removed':
    case 'enum-values-reordered':
      return [effect.after.name];
    case 'enum-value-renamed':
      return [effect.from, effect.to];
    case 'domain-added':
    case 'domain-dropped':
      return [effect.domain.name];
    case 'domain-changed':
      return [effect.after.name];
    case 'domain-constraint-added':
    case 'domain-constraint-dropped':
    case 'domain-constraint-validated':
      return [effect.constraint.name, effect.domain.name];
    case 'function-added':
    case 'function-dropped':
      return [effect.function.name];
    case 'function-replaced':
      return [effect.after.name];
    case 'trigger-added':
    case 'trigger-dropped':
      return [effect.trigger.name];
    case 'trigger-replaced':
      return [effect.after.name];
    case 'view-added':
    case 'view-dropped':
      return [effect.view.name];
    case 'view-replaced':
      return [effect.after.name];
    case 'sequence-added':
    case 'sequence-dropped':
      return [effect.sequence.name];
    case 'sequence-changed':
      return [effect.after.name];
    case 'policy-added':
    case 'policy-dropped':
      return [effect.policy.name];
    case 'policy-replaced':
      return [effect.after.name];
    case 'extension-added':
    case 'extension-dropped':
      return [effect.extension.name];
    case 'extension-changed':
      return [effect.after.name];
  }
}
