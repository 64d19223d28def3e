import type { CatalogObjects } from '../../catalog/catalog-snapshot.js';
import { addedCounterpart } from '../../catalog/ddl/added-counterpart.js';
import { planDdl } from '../../catalog/ddl/plan-ddl.js';
import type { Effect } from '../../catalog/effect.js';
import type { DriftAllowEntry, DriftItem } from '../../report/drift-result.js';
import { driftObject } from './drift-object.js';

export interface DriftItems {
  readonly items: readonly DriftItem[];
  /** The remediation of the items not allowed, as one ordered script. */
  readonly remediation: readonly string[];
  readonly stale: readonly DriftAllowEntry[];
}

/**
 * Drift items from the effects that take the target (`actual`) to the expected schema: each with
 * the SQL that would bring the target there, and for an extra object the CREATE that would adopt it
 * into a migration instead. Effects on one object (an enum's added and removed labels) are one item.
 */
export function driftItems(
  effects: readonly Effect[],
  actual: CatalogObjects,
  expected: CatalogObjects,
  allow: readonly DriftAllowEntry[] = [],
): DriftItems {
  const plan = planDdl(effects, actual, expected);
  const byObject = new Map<string, { item: DriftItem; effects: Effect[] }>();
  for (const planned of plan.effects) {
    const shown = driftObject(planned.effect, actual, expected);
    const counterpart = addedCounterpart(planned.effect);
    const adopt = counterpart ? planDdl([counterpart], expected, actual).statements : undefined;
    const entry = allow.find((a) => matches(a.object, shown.object));
    const item: DriftItem = {
      ...shown,
      remediation: planned.statements,
      ...(adopt ? { adopt } : {}),
      allowed: entry !== undefined,
      ...(entry ? { reason: entry.reason } : {}),
    };
    const known = byObject.get(item.object);
    if (!known) {
      byObject.set(item.object, { item, effects: [planned.effect] });
      continue;
    }
    known.effects.push(planned.effect);
    known.item = {
      ...known.item,
      kind: known.item.kind === item.kind ? item.kind : 'different',
      remediation: planDdl(known.effects, actual, expected).statements,
    };
  }
  const items = [...byObject.values()].map(({ item }) => item);
  const unexpected = [...byObject.values()].filter(({ item }) => !item.allowed).flatMap(({ effects: own }) => own);
  return {
    items,
    remediation: unexpected.length ? planDdl(unexpected, actual, expected).statements : [],
    stale: allow.filter((a) => !items.some((item) => matches(a.object, item.object))),
  };
}

/** Exact, or a pattern with `*` for any characters: `index "Order_*"`. */
export function matches(pattern: string, object: string): boolean {
  if (!pattern.includes('*')) return pattern === object;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return regex.test(object);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
