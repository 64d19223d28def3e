import type { CatalogColumn, CatalogEnum } from '../catalog-snapshot.js';
import type { ColumnRef, Effect } from '../effect.js';
import { keyedDiff, tableKey } from './keyed-diff.js';

/**
 * Enums by name. Labels only appended: values added. One label changed in place: renamed (ALTER
 * TYPE … RENAME VALUE). Labels gone from a type that still has the name: values removed — which
 * only Prisma-style rewrites (new type, convert columns, drop old, rename) can do; the same labels
 * in another order: reordered (the same rewrite).
 */
export function diffEnums(before: readonly CatalogEnum[], after: readonly CatalogEnum[], afterColumns: readonly CatalogColumn[]): Effect[] {
  const diff = keyedDiff(before, after, (e) => tableKey(e.schema, e.name));
  const effects: Effect[] = [];
  for (const type of diff.added) effects.push({ kind: 'enum-added', enum: type });
  for (const type of diff.removed) effects.push({ kind: 'enum-dropped', enum: type });
  for (const { before: b, after: a } of diff.kept) {
    const removed = b.labels.filter((label) => !a.labels.includes(label));
    const added = a.labels.filter((label) => !b.labels.includes(label));
    if (
      removed.length === 1 &&
      added.length === 1 &&
      b.labels.length === a.labels.length &&
      b.labels.indexOf(removed[0]!) === a.labels.indexOf(added[0]!)
    ) {
      effects.push({ kind: 'enum-value-renamed', enum: a, from: removed[0]!, to: added[0]! });
      continue;
    }
    if (removed.length)
      effects.push({ kind: 'enum-values-removed', before: b, after: a, removed, columns: columnsOfType(a, afterColumns) });
    if (added.length) effects.push({ kind: 'enum-values-added', before: b, after: a, added });
    if (!removed.length && !added.length && b.labels.join('\u0000') !== a.labels.join('\u0000')) {
      effects.push({ kind: 'enum-values-reordered', before: b, after: a });
    }
  }
  return effects;
}

/** Columns whose type is the enum (or an array of it), as format_type prints them. */
export function columnsOfType(type: CatalogEnum, columns: readonly CatalogColumn[]): ColumnRef[] {
  const name = formattedTypeName(type);
  return columns
    .filter((c) => c.type === name || c.type === `${name}[]`)
    .map((c) => ({ schema: c.schema, table: c.table, column: c.name }));
}

/** How format_type prints a user type with search_path = pg_catalog: schema-qualified, quoted when needed. */
export function formattedTypeName(type: { readonly schema: string; readonly name: string }): string {
  const ident = (name: string): string => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
  return `${ident(type.schema)}.${ident(type.name)}`;
}
