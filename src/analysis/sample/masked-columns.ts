import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';

/** `schema.table.column`, the key a masked column is known by. */
export type ColumnKey = string;

export const columnKey = (schema: string, table: string, column: string): ColumnKey => JSON.stringify([schema, table, column]);

/**
 * The columns config `mask` patterns name (`email`, `*_token`, `users.phone`, `auth.users.phone`;
 * `*` matches any characters, case-insensitively: masking too much is the safe mistake), plus every
 * column a foreign key joins to a masked one, transitively, so that a child still finds its
 * parent once both carry the same fake.
 */
export function maskedColumns(patterns: readonly string[], objects: Pick<CatalogObjects, 'columns' | 'constraints'>): Set<ColumnKey> {
  const matchers = patterns.map(compile);
  const masked = new Set<ColumnKey>();
  for (const column of objects.columns) {
    if (matchers.some((matches) => matches(column.schema, column.table, column.name))) {
      masked.add(columnKey(column.schema, column.table, column.name));
    }
  }
  const pairs = objects.constraints.flatMap((constraint) =>
    constraint.foreignKey
      ? constraint.columns.map((column, i): [ColumnKey, ColumnKey] => [
          columnKey(constraint.schema, constraint.table, column),
          columnKey(
            constraint.foreignKey!.referencedTable.schema,
            constraint.foreignKey!.referencedTable.name,
            constraint.foreignKey!.referencedColumns[i]!,
          ),
        ])
      : [],
  );
  for (let grew = masked.size > 0; grew;) {
    grew = false;
    for (const [child, parent] of pairs) {
      if (masked.has(child) !== masked.has(parent)) {
        masked.add(child).add(parent);
        grew = true;
      }
    }
  }
  return masked;
}

function compile(pattern: string): (schema: string, table: string, column: string) => boolean {
  const parts = pattern.split('.').map(glob);
  const [column, table, schema] = parts.reverse();
  return (s, t, c) => column!.test(c) && (table?.test(t) ?? true) && (schema?.test(s) ?? true);
}

function glob(part: string): RegExp {
  return new RegExp(`^${part.split('*').map(escapeRegExp).join('.*')}$`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
