import type { CatalogColumn } from '../catalog-snapshot.js';
import type { ColumnChange, Effect } from '../effect.js';
import { keyedDiff, sameData, tableKey } from './keyed-diff.js';
import type { TableDiff } from './diff-tables.js';

/** A column rename the caller knows happened (the migration's own RENAME COLUMN): no guess needed. */
export interface ColumnRename {
  readonly schema?: string;
  /** The table's name after the migration. */
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Columns added, dropped, renamed and changed on tables that exist on both sides. A declared rename
 * is taken as it is, whatever else moved (a DROP COLUMN beside it shifts every position). Otherwise
 * a column that disappears while another appears at the same position with the same type, on a
 * table where nothing else moved, was renamed.
 */
export function diffColumns(
  before: readonly CatalogColumn[],
  after: readonly CatalogColumn[],
  tables: TableDiff,
  declared: readonly ColumnRename[] = [],
): Effect[] {
  const moved = before.filter((c) => !tables.droppedTables.has(tableKey(c.schema, c.table))).map((c) => tables.renames.move(c));
  const current = after.filter((c) => !tables.addedTables.has(tableKey(c.schema, c.table)));
  const effects: Effect[] = [];
  const byTable = new Map<string, { before: CatalogColumn[]; after: CatalogColumn[] }>();
  for (const column of moved) group(byTable, column).before.push(column);
  for (const column of current) group(byTable, column).after.push(column);

  for (const { before: was, after: now } of byTable.values()) {
    const diff = keyedDiff(was, now, (c) => c.name);
    const added = [...diff.added];
    const removed = [...diff.removed];
    for (const rename of declared) {
      const at = removed.findIndex(
        (c) => c.name === rename.from && c.table === rename.table && (!rename.schema || c.schema === rename.schema),
      );
      const to = added.findIndex((c) => c.name === rename.to && c.table === rename.table && (!rename.schema || c.schema === rename.schema));
      if (at < 0 || to < 0) continue;
      const [old, renamed] = [removed.splice(at, 1)[0]!, added.splice(to, 1)[0]!];
      effects.push({ kind: 'column-renamed', before: old, after: renamed });
      const changes = columnChanges(old, renamed);
      if (changes.length) effects.push({ kind: 'column-changed', before: old, after: renamed, changes });
    }
    const balanced = removed.length === added.length;
    for (const old of removed) {
      const index = added.findIndex((c) => c.position === old.position && c.type === old.type);
      if (index >= 0 && balanced) {
        effects.push({ kind: 'column-renamed', before: old, after: added.splice(index, 1)[0]! });
      } else {
        effects.push({ kind: 'column-dropped', column: old });
      }
    }
    for (const column of added) effects.push({ kind: 'column-added', column });
    for (const { before: b, after: a } of diff.kept) {
      const changes = columnChanges(b, a);
      if (changes.length) effects.push({ kind: 'column-changed', before: b, after: a, changes });
    }
  }
  return effects;
}

function group(map: Map<string, { before: CatalogColumn[]; after: CatalogColumn[] }>, column: CatalogColumn) {
  const key = tableKey(column.schema, column.table);
  let entry = map.get(key);
  if (!entry) map.set(key, (entry = { before: [], after: [] }));
  return entry;
}

function columnChanges(b: CatalogColumn, a: CatalogColumn): ColumnChange[] {
  const changes: ColumnChange[] = [];
  if (b.type !== a.type) changes.push('type');
  if (!b.notNull && a.notNull) changes.push('set-not-null');
  if (b.notNull && !a.notNull) changes.push('drop-not-null');
  if (b.default !== a.default) changes.push('default');
  if (b.identity !== a.identity) changes.push('identity');
  if (!sameData(b.generated, a.generated)) changes.push('generated');
  if (b.collation !== a.collation) changes.push('collation');
  return changes;
}
