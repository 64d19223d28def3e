import type { CatalogConstraint, CatalogObjects } from '../../catalog/catalog-snapshot.js';
import { checkAllowedValues } from '../../sql/check-allowed-values.js';
import type { AttributedEffect, EffectSource } from './attribute-effects.js';

/** The allowed values of one column under a CHECK, before and after a migration. */
export interface CheckValueChange {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** The constraint after the migration. */
  readonly constraint: string;
  readonly before: CatalogConstraint;
  readonly after: CatalogConstraint;
  /** Values the column accepted before and rejects now: rows and writers using them break. */
  readonly removed: readonly string[];
  readonly added: readonly string[];
  /** Neither definition is a value list, so nothing can be compared. */
  readonly comparable: boolean;
  readonly source?: EffectSource;
}

/**
 * For every CHECK replaced by the migration (drop + add, or same name new definition), and every
 * CHECK added on a column that already had one which stays, the values removed and added per column.
 * Values come from PostgreSQL's grammar (checkAllowedValues), never from text matching.
 */
export async function checkValueChanges(effects: readonly AttributedEffect[], before: CatalogObjects): Promise<CheckValueChange[]> {
  const pairs: { before: CatalogConstraint; after: CatalogConstraint; source?: EffectSource }[] = [];
  for (const { effect, source } of effects) {
    if (effect.kind === 'constraint-replaced' && effect.after.type === 'check' && effect.before.type === 'check') {
      pairs.push({ before: effect.before, after: effect.after, ...(source ? { source } : {}) });
    }
    if (effect.kind === 'constraint-added' && effect.constraint.type === 'check') {
      const added = effect.constraint;
      // The old CHECK still applies, so what the new one rejects on top of it is what is removed.
      for (const existing of before.constraints) {
        if (
          existing.type === 'check' &&
          existing.schema === added.schema &&
          existing.table === added.table &&
          existing.columns.some((c) => added.columns.includes(c))
        ) {
          pairs.push({ before: existing, after: added, ...(source ? { source } : {}) });
        }
      }
    }
  }
  const changes: CheckValueChange[] = [];
  for (const pair of pairs) {
    const [was, now] = await Promise.all([checkAllowedValues(pair.before.definition), checkAllowedValues(pair.after.definition)]);
    const columns = new Set([...was.map((l) => l.column), ...now.map((l) => l.column)]);
    if (columns.size === 0) {
      for (const column of pair.after.columns) changes.push(change(pair, column, [], [], false));
      continue;
    }
    for (const column of columns) {
      const oldValues = was.find((l) => l.column === column)?.values;
      const newValues = now.find((l) => l.column === column)?.values;
      if (!oldValues || !newValues) {
        // A list on one side only: a list appearing restricts the column, one disappearing widens it.
        changes.push(change(pair, column, [], [], false));
        continue;
      }
      const removed = oldValues.filter((v) => !newValues.includes(v));
      const added = newValues.filter((v) => !oldValues.includes(v));
      if (removed.length || added.length) changes.push(change(pair, column, removed, added, true));
    }
  }
  return changes;
}

function change(
  pair: { before: CatalogConstraint; after: CatalogConstraint; source?: EffectSource },
  column: string,
  removed: string[],
  added: string[],
  comparable: boolean,
): CheckValueChange {
  return {
    schema: pair.after.schema,
    table: pair.after.table,
    column,
    constraint: pair.after.name,
    before: pair.before,
    after: pair.after,
    removed,
    added,
    comparable,
    ...(pair.source ? { source: pair.source } : {}),
  };
}
