import type { CatalogObjects } from '../catalog-snapshot.js';
import type { Effect } from '../effect.js';
import type { TableDiff } from './diff-tables.js';
import { keyedDiff, sameData, tableKey } from './keyed-diff.js';

/** Functions, triggers, views, sequences, policies, extensions and schemas: added, dropped, changed. */
export function diffObjects(before: CatalogObjects, after: CatalogObjects, tables: TableDiff): Effect[] {
  const effects: Effect[] = [];
  const onLiveTable = <T extends { schema: string; table: string }>(items: readonly T[], side: 'before' | 'after'): T[] =>
    side === 'before'
      ? items.filter((i) => !tables.droppedTables.has(tableKey(i.schema, i.table))).map((i) => tables.renames.move(i))
      : items.filter((i) => !tables.addedTables.has(tableKey(i.schema, i.table)));

  const schemas = keyedDiff(before.schemas, after.schemas, (s) => s);
  for (const schema of schemas.added) effects.push({ kind: 'schema-added', schema });
  for (const schema of schemas.removed) effects.push({ kind: 'schema-dropped', schema });

  const extensions = keyedDiff(before.extensions, after.extensions, (e) => e.name);
  for (const extension of extensions.added) effects.push({ kind: 'extension-added', extension });
  for (const extension of extensions.removed) effects.push({ kind: 'extension-dropped', extension });
  for (const { before: b, after: a } of extensions.kept)
    if (!sameData(b, a)) effects.push({ kind: 'extension-changed', before: b, after: a });

  const sequences = keyedDiff(
    before.sequences.filter((s) => !s.ownedBy || !tables.droppedTables.has(tableKey(s.ownedBy.schema, s.ownedBy.table))),
    after.sequences.filter((s) => !s.ownedBy || !tables.addedTables.has(tableKey(s.ownedBy.schema, s.ownedBy.table))),
    (s) => tableKey(s.schema, s.name),
  );
  for (const sequence of sequences.added) effects.push({ kind: 'sequence-added', sequence });
  for (const sequence of sequences.removed) effects.push({ kind: 'sequence-dropped', sequence });
  for (const { before: b, after: a } of sequences.kept) {
    const moved = b.ownedBy ? { ...b, ownedBy: { ...b.ownedBy, ...tables.renames.current(b.ownedBy.schema, b.ownedBy.table) } } : b;
    if (!sameData(moved, a)) effects.push({ kind: 'sequence-changed', before: b, after: a });
  }

  const functions = keyedDiff(before.functions, after.functions, (f) => `${tableKey(f.schema, f.name)}(${f.identityArguments})`);
  for (const fn of functions.added) effects.push({ kind: 'function-added', function: fn });
  for (const fn of functions.removed) effects.push({ kind: 'function-dropped', function: fn });
  for (const { before: b, after: a } of functions.kept)
    if (!sameData(b, a)) effects.push({ kind: 'function-replaced', before: b, after: a });

  const triggers = keyedDiff(
    onLiveTable(before.triggers, 'before'),
    onLiveTable(after.triggers, 'after'),
    (t) => `${tableKey(t.schema, t.table)}\u0000${t.name}`,
  );
  for (const trigger of triggers.added) effects.push({ kind: 'trigger-added', trigger });
  for (const trigger of triggers.removed) effects.push({ kind: 'trigger-dropped', trigger });
  for (const { before: b, after: a } of triggers.kept) {
    if (!sameData({ ...b, definition: '', table: '' }, { ...a, definition: '', table: '' }))
      effects.push({ kind: 'trigger-replaced', before: b, after: a });
  }

  const views = keyedDiff(before.views, after.views, (v) => tableKey(v.schema, v.name));
  for (const view of views.added) effects.push({ kind: 'view-added', view });
  for (const view of views.removed) effects.push({ kind: 'view-dropped', view });
  for (const { before: b, after: a } of views.kept) if (!sameData(b, a)) effects.push({ kind: 'view-replaced', before: b, after: a });

  const policies = keyedDiff(
    onLiveTable(before.policies, 'before'),
    onLiveTable(after.policies, 'after'),
    (p) => `${tableKey(p.schema, p.table)}\u0000${p.name}`,
  );
  for (const policy of policies.added) effects.push({ kind: 'policy-added', policy });
  for (const policy of policies.removed) effects.push({ kind: 'policy-dropped', policy });
  for (const { before: b, after: a } of policies.kept) if (!sameData(b, a)) effects.push({ kind: 'policy-replaced', before: b, after: a });
  return effects;
}
