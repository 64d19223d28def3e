import type { CatalogConstraint, CatalogObjects } from '../../catalog/catalog-snapshot.js';
import { enumTypeName } from '../../catalog/enum-type-name.js';
import type { Effect } from '../../catalog/effect.js';

/** A rule a written value must pass, as the catalog will have it after the migration. */
export type ColumnRule =
  | { readonly kind: 'check'; readonly constraint: CatalogConstraint }
  | { readonly kind: 'enum'; readonly type: string; readonly labels: readonly string[]; readonly removed: readonly string[] }
  | { readonly kind: 'not-null'; readonly hasDefault: boolean };

export interface RuleOnColumn {
  readonly rule: ColumnRule;
  /** True when this migration adds or tightens the rule: existing writers are now at risk. */
  readonly changed: boolean;
}

/**
 * The rules on a column after the migration, each marked with whether this migration brought it:
 * a CHECK added, replaced or validated; an enum that lost labels; NOT NULL set or a NOT NULL column
 * added. Writers are checked against the changed ones, and a function the migration itself creates
 * against all of them.
 */
export function columnRules(
  after: CatalogObjects,
  effects: readonly Effect[],
): (schema: string, table: string, column: string) => RuleOnColumn[] {
  const changedConstraints = new Set<string>();
  const removedLabels = new Map<string, readonly string[]>();
  const newlyNotNull = new Set<string>();
  for (const effect of effects) {
    if (effect.kind === 'constraint-added' || effect.kind === 'constraint-validated')
      changedConstraints.add(key(effect.constraint.schema, effect.constraint.table, effect.constraint.name));
    if (effect.kind === 'constraint-replaced') changedConstraints.add(key(effect.after.schema, effect.after.table, effect.after.name));
    if (effect.kind === 'enum-values-removed') removedLabels.set(enumTypeName(effect.after), effect.removed);
    if (effect.kind === 'column-changed' && effect.changes.includes('set-not-null'))
      newlyNotNull.add(key(effect.after.schema, effect.after.table, effect.after.name));
    if (effect.kind === 'column-added' && effect.column.notNull)
      newlyNotNull.add(key(effect.column.schema, effect.column.table, effect.column.name));
  }
  return (schema, table, column) => {
    const rules: RuleOnColumn[] = [];
    for (const constraint of after.constraints) {
      if (
        constraint.type === 'check' &&
        constraint.schema === schema &&
        constraint.table === table &&
        constraint.columns.includes(column)
      ) {
        rules.push({ rule: { kind: 'check', constraint }, changed: changedConstraints.has(key(schema, table, constraint.name)) });
      }
    }
    const col = after.columns.find((c) => c.schema === schema && c.table === table && c.name === column);
    if (!col) return rules;
    const type = after.enums.find((e) => enumTypeName(e) === col.type);
    if (type) {
      const removed = removedLabels.get(col.type) ?? [];
      rules.push({ rule: { kind: 'enum', type: col.type, labels: type.labels, removed }, changed: removed.length > 0 });
    }
    if (col.notNull) {
      const hasDefault = col.default !== null || col.identity !== null || col.generated !== null;
      rules.push({ rule: { kind: 'not-null', hasDefault }, changed: newlyNotNull.has(key(schema, table, column)) });
    }
    return rules;
  };
}

const key = (...parts: string[]): string => JSON.stringify(parts);
