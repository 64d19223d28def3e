import { tableKey } from './keyed-diff.js';

/**
 * Tables renamed by the migration: objects that live on a table (columns, constraints, indexes,
 * triggers, policies) are compared under the table's new name, so a rename is one effect and not a
 * drop and re-add of everything on it.
 */
export class TableRenames {
  private readonly toNew = new Map<string, { schema: string; name: string }>();

  add(before: { schema: string; name: string }, after: { schema: string; name: string }): void {
    this.toNew.set(tableKey(before.schema, before.name), { schema: after.schema, name: after.name });
  }

  /** The name a table of the before-catalog has after the migration. */
  current(schema: string, table: string): { schema: string; table: string } {
    const renamed = this.toNew.get(tableKey(schema, table));
    return renamed ? { schema: renamed.schema, table: renamed.name } : { schema, table };
  }

  /** A before-object moved onto its table's new name. */
  move<T extends { readonly schema: string; readonly table: string }>(item: T): T {
    const current = this.current(item.schema, item.table);
    return current.table === item.table && current.schema === item.schema ? item : { ...item, ...current };
  }
}
