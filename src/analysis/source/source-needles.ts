import type { AttributedEffect } from '../effects/attribute-effects.js';
import type { CheckValueChange } from '../effects/check-value-changes.js';
import type { SourceNeedle } from './scan-source.js';

/** What the application must no longer write or name after this migration. */
export function sourceNeedles(
  migration: string,
  effects: readonly AttributedEffect[],
  valueChanges: readonly CheckValueChange[],
): SourceNeedle[] {
  const needles: SourceNeedle[] = [];
  for (const change of valueChanges) {
    for (const value of change.removed) {
      needles.push({
        kind: 'value',
        text: value,
        migration,
        why: `CHECK ${change.constraint} no longer allows it in ${change.table}.${change.column}`,
      });
    }
  }
  for (const { effect } of effects) {
    switch (effect.kind) {
      case 'enum-values-removed':
        for (const label of effect.removed)
          needles.push({ kind: 'value', text: label, migration, why: `the enum ${effect.after.name} no longer has it` });
        break;
      case 'column-dropped':
        needles.push({
          kind: 'name',
          text: effect.column.name,
          migration,
          why: `column ${effect.column.table}.${effect.column.name} is dropped`,
        });
        break;
      case 'column-renamed':
        needles.push({
          kind: 'name',
          text: effect.before.name,
          migration,
          why: `column ${effect.before.table}.${effect.before.name} is renamed to ${effect.after.name}`,
        });
        break;
      case 'table-dropped':
        needles.push({ kind: 'name', text: effect.table.name, migration, why: `table ${effect.table.name} is dropped` });
        break;
      case 'table-renamed':
        needles.push({
          kind: 'name',
          text: effect.before.name,
          migration,
          why: `table ${effect.before.name} is renamed to ${effect.after.name}`,
        });
        break;
      default:
        break;
    }
  }
  return needles;
}
