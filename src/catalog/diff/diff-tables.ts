import type { CatalogColumn, CatalogObjects, CatalogTable } from '../catalog-snapshot.js';
import type { Effect } from '../effect.js';
import { keyedDiff, tableKey } from './keyed-diff.js';
import { TableRenames } from './rename-map.js';

const STORED: ReadonlySet<CatalogTable['kind']> = new Set(['table', 'partitioned', 'foreign']);

export interface TableDiff {
  readonly effects: Effect[];
  readonly renames: TableRenames;
  /** Tables (after-names) that did not exist before: their contents are part of "adds table". */
  readonly addedTables: ReadonlySet<string>;
  readonly droppedTables: ReadonlySet<string>;
}

/**
 * Tables added, dropped and renamed. A table that disappears while another appears in the same
 * schema with exactly the same columns (names, types, order) was renamed.
 */
export function diffTables(before: CatalogObjects, after: CatalogObjects): TableDiff {
  const tables = keyedDiff(
    before.tables.filter((t) => STORED.has(t.kind)),
    after.tables.filter((t) => STORED.has(t.kind)),
    (t) => tableKey(t.schema, t.name),
  );
  const renames = new TableRenames();
  const effects: Effect[] = [];
  const added = [...tables.added];
  const dropped: CatalogTable[] = [];
  for (const old of tables.removed) {
    const signature = columnSignature(before.columns, old);
    const index = added.findIndex(
      (candidate) => candidate.schema === old.schema && columnSignature(after.columns, candidate) === signature,
    );
    if (index >= 0) {
      const renamed = added.splice(index, 1)[0]!;
      renames.add(old, renamed);
      effects.push({ kind: 'table-renamed', before: old, after: renamed });
    } else {
      dropped.push(old);
    }
  }
  for (const table of added) effects.push({ kind: 'table-added', table });
  for (const table of dropped) effects.push({ kind: 'table-dropped', table });
  for (const { before: was, after: now } of tables.kept) {
    if (!was.rlsEnabled && now.rlsEnabled) effects.push({ kind: 'rls-enabled', table: now });
    if (was.rlsEnabled && !now.rlsEnabled) effects.push({ kind: 'rls-disabled', table: now });
    if (samePartitioning(was, now)) continue;
    if (was.partitionOf) effects.push({ kind: 'partition-detached', table: was, parent: was.partitionOf });
    if (now.partitionOf) effects.push({ kind: 'partition-attached', table: now, parent: now.partitionOf });
  }
  return {
    effects,
    renames,
    addedTables: new Set(added.map((t) => tableKey(t.schema, t.name))),
    droppedTables: new Set(dropped.map((t) => tableKey(t.schema, t.name))),
  };
}

function samePartitioning(was: CatalogTable, now: CatalogTable): boolean {
  const parent = (t: CatalogTable): string => (t.partitionOf ? tableKey(t.partitionOf.schema, t.partitionOf.name) : '');
  return parent(was) === parent(now) && was.partitionBound === now.partitionBound;
}

function columnSignature(columns: readonly CatalogColumn[], table: CatalogTable): string {
  return columns
    .filter((c) => c.schema === table.schema && c.table === table.name)
    .map((c) => `${c.name}:${c.type}`)
    .join(',');
}
