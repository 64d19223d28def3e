import type { CatalogObjects, CatalogSequence, QualifiedName } from '../catalog-snapshot.js';
import type { Effect } from '../effect.js';
import { qualified, ident } from './ddl-names.js';
import { DdlPhase, step, type DdlContext, type DdlStep } from './ddl-step.js';
import { effectDdl } from './effect-ddl.js';
import { dropOrder } from './table-ddl.js';
import { viewOrder } from './view-ddl.js';

export interface DdlPlanOptions {
  /** A rollback: re-created tables and columns say their rows are not recoverable from the catalog. */
  readonly restoring?: boolean;
}

export interface PlannedEffect {
  readonly effect: Effect;
  /** Its statements in the order they run, preamble included when it needs one. */
  readonly statements: readonly string[];
}

export interface DdlPlan {
  /** One entry per effect that needs SQL (an identity sequence comes with its column). */
  readonly effects: readonly PlannedEffect[];
  /** The whole script, every effect's statements in dependency order. */
  readonly statements: readonly string[];
}

const PREAMBLE = step(DdlPhase.preamble, 'SET check_function_bodies = off;');
const key = (schema: string, name: string): string => `${schema}\u0000${name}`;

/**
 * SQL that takes a database whose catalog is `from` to `to`, for the effects of
 * `diffCatalogs(from, to)`: drift remediation (the target to the migrations' schema) and generated
 * rollbacks (the schema after a migration back to the one before it) are both this.
 */
export function planDdl(effects: readonly Effect[], from: CatalogObjects, to: CatalogObjects, options: DdlPlanOptions = {}): DdlPlan {
  const renamed = new Map<string, QualifiedName>();
  for (const effect of effects) {
    if (effect.kind === 'table-renamed') renamed.set(key(effect.before.schema, effect.before.name), effect.after);
  }
  const context: DdlContext = {
    from,
    to,
    restoring: options.restoring ?? false,
    currentName: (table) => renamed.get(key(table.schema, table.name)) ?? table,
  };
  const rewritten = new Set(effects.filter((e) => e.kind === 'enum-values-removed').map((e) => key(e.after.schema, e.after.name)));
  const createOrder = viewOrder(to.views);
  const dropViewOrder = viewOrder(from.views);
  const tableDrops = dropOrder(
    effects.flatMap((e) => (e.kind === 'table-dropped' ? [e.table] : [])),
    from,
  );
  const sequenceSteps = identitySequenceSteps(effects);
  // A function created under the name of one dropped may collide with it (parameter names are not
  // part of the signature): that one is dropped first.
  const createdFunctions = new Set(effects.flatMap((e) => (e.kind === 'function-added' ? [key(e.function.schema, e.function.name)] : [])));

  const planned: { effect: Effect; steps: DdlStep[] }[] = [];
  for (const effect of effects) {
    // A rewrite already gives the type its new labels.
    if (effect.kind === 'enum-values-added' && rewritten.has(key(effect.after.schema, effect.after.name))) continue;
    let steps: DdlStep[];
    if ((effect.kind === 'sequence-added' || effect.kind === 'sequence-dropped') && effect.sequence.identity) {
      const own = sequenceSteps.get(effect.sequence);
      if (!own) continue;
      steps = own;
    } else {
      steps = effectDdl(effect, context);
    }
    if (effect.kind === 'function-dropped' && createdFunctions.has(key(effect.function.schema, effect.function.name))) {
      steps = steps.map((s) => ({ ...s, phase: DdlPhase.dropReplacedFunction }));
    }
    planned.push({ effect, steps: steps.map((s) => withOrder(s, effect, createOrder, dropViewOrder, tableDrops)) });
  }

  const all = planned.flatMap(({ steps }, effectIndex) => steps.map((s, i) => ({ s, effectIndex, i })));
  return {
    effects: planned.map(({ effect, steps }) => ({ effect, statements: render(steps) })),
    statements: render(all.map(({ s }) => s)),
  };
}

/** Sorted by phase and order (stable: one effect's statements keep their order), each once. */
function render(steps: readonly DdlStep[]): string[] {
  const all = steps.some((s) => s.phase === DdlPhase.createFunction && !s.sql.startsWith('--')) ? [PREAMBLE, ...steps] : steps;
  const sorted = all
    .map((s, index) => ({ s, index }))
    .sort((a, b) => a.s.phase - b.s.phase || (a.s.order ?? 0) - (b.s.order ?? 0) || a.index - b.index)
    .map(({ s }) => s.sql);
  return [...new Set(sorted)];
}

function withOrder(
  s: DdlStep,
  effect: Effect,
  createOrder: ReadonlyMap<string, number>,
  dropOrder: ReadonlyMap<string, number>,
  tableDrops: ReadonlyMap<string, number>,
): DdlStep {
  const view = effect.kind === 'view-added' ? effect.view : effect.kind === 'view-replaced' ? effect.after : undefined;
  if (s.phase === DdlPhase.createView && view) return { ...s, order: createOrder.get(`${view.schema}.${view.name}`) ?? 0 };
  const dropped = effect.kind === 'view-dropped' ? effect.view : effect.kind === 'view-replaced' ? effect.before : undefined;
  if (s.phase === DdlPhase.dropView && dropped) return { ...s, order: -(dropOrder.get(`${dropped.schema}.${dropped.name}`) ?? 0) };
  if (s.phase === DdlPhase.dropTable && effect.kind === 'table-dropped') {
    return { ...s, order: tableDrops.get(key(effect.table.schema, effect.table.name)) ?? 0 };
  }
  return s;
}

/**
 * An identity column brings its sequence and takes it along: the sequence's own effects need no SQL,
 * except when only its name differs (one dropped, one added for the same column): a rename.
 */
function identitySequenceSteps(effects: readonly Effect[]): Map<CatalogSequence, DdlStep[]> {
  const owner = (s: CatalogSequence): string => (s.ownedBy ? `${s.ownedBy.schema}\u0000${s.ownedBy.table}\u0000${s.ownedBy.column}` : '');
  const added = effects.flatMap((e) => (e.kind === 'sequence-added' && e.sequence.identity ? [e.sequence] : []));
  const dropped = effects.flatMap((e) => (e.kind === 'sequence-dropped' && e.sequence.identity ? [e.sequence] : []));
  const result = new Map<CatalogSequence, DdlStep[]>();
  for (const now of added) {
    const was = dropped.find((d) => owner(d) === owner(now) && d.schema === now.schema);
    if (!was) continue;
    result.set(now, [step(DdlPhase.alterSequence, `ALTER SEQUENCE ${qualified(was)} RENAME TO ${ident(now.name)};`)]);
  }
  return result;
}
