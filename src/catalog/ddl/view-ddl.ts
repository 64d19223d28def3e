import type { CatalogObjects, CatalogView } from '../catalog-snapshot.js';
import { formattedTypeName } from '../diff/diff-enums.js';
import { qualified, withoutSemicolon } from './ddl-names.js';
import { DdlPhase, step, type DdlStep } from './ddl-step.js';

function createView(view: CatalogView, objects: CatalogObjects, orReplace: boolean): string {
  const options = objects.tables.find((t) => t.schema === view.schema && t.name === view.name)?.options ?? [];
  const withOptions = options.length ? ` WITH (${options.join(', ')})` : '';
  const body = withoutSemicolon(view.definition);
  return view.kind === 'matview'
    ? `CREATE MATERIALIZED VIEW ${qualified(view)}${withOptions} AS\n${body};`
    : `CREATE ${orReplace ? 'OR REPLACE ' : ''}VIEW ${qualified(view)}${withOptions} AS\n${body};`;
}

/** A materialized view comes with its indexes (dropping it dropped them, changed or not). */
export function viewAdded(view: CatalogView, objects: CatalogObjects): DdlStep[] {
  const indexes =
    view.kind === 'matview'
      ? objects.indexes
          .filter((i) => i.schema === view.schema && i.table === view.name)
          .map((i) => step(DdlPhase.createViewIndex, `${i.definition};`))
      : [];
  return [step(DdlPhase.createView, createView(view, objects, false)), ...indexes];
}

export function viewDropped(view: CatalogView): DdlStep[] {
  return [step(DdlPhase.dropView, `DROP ${view.kind === 'matview' ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualified(view)};`)];
}

/**
 * CREATE OR REPLACE VIEW keeps the views that read this one, but only while the old columns stay
 * first with their names and types; otherwise the view is dropped and created again.
 */
export function viewReplaced(before: CatalogView, after: CatalogView, from: CatalogObjects, to: CatalogObjects): DdlStep[] {
  const columns = (objects: CatalogObjects, view: CatalogView): string[] =>
    objects.columns.filter((c) => c.schema === view.schema && c.table === view.name).map((c) => `${c.name} ${c.type}`);
  const old = columns(from, before);
  const now = columns(to, after);
  const inPlace = before.kind === 'view' && after.kind === 'view' && old.every((column, i) => now[i] === column);
  if (inPlace) return [step(DdlPhase.createView, createView(after, to, true))];
  return [...viewDropped(before), ...viewAdded(after, to)];
}

/**
 * Views in the order they can be created: one that reads another comes after it. Definitions are
 * printed with schema-qualified names, so a reference is the other view's qualified name.
 */
export function viewOrder(views: readonly CatalogView[]): Map<string, number> {
  const key = (v: CatalogView): string => `${v.schema}.${v.name}`;
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (view: CatalogView): number => {
    const known = depth.get(key(view));
    if (known !== undefined) return known;
    if (visiting.has(key(view))) return 0;
    visiting.add(key(view));
    let level = 0;
    for (const other of views) {
      if (other !== view && mentions(view.definition, formattedTypeName(other))) level = Math.max(level, visit(other) + 1);
    }
    visiting.delete(key(view));
    depth.set(key(view), level);
    return level;
  };
  for (const view of views) visit(view);
  return depth;
}

function mentions(definition: string, name: string): boolean {
  const at = definition.indexOf(name);
  if (at < 0) return false;
  const after = definition[at + name.length];
  return after === undefined || !/[A-Za-z0-9_$"]/.test(after);
}
