import type { CatalogTrigger } from '../catalog-snapshot.js';
import { alterTable, ident, onTable } from './ddl-names.js';
import { DdlPhase, step, type DdlStep } from './ddl-step.js';

const ENABLE: Readonly<Record<CatalogTrigger['enabled'], string | null>> = {
  origin: null,
  always: 'ENABLE ALWAYS TRIGGER',
  replica: 'ENABLE REPLICA TRIGGER',
  disabled: 'DISABLE TRIGGER',
};

/** `pg_get_triggerdef` verbatim, then its firing mode when it is not the default. */
export function triggerAdded(trigger: CatalogTrigger): DdlStep[] {
  const steps = [step(DdlPhase.createTrigger, `${trigger.definition};`)];
  const mode = ENABLE[trigger.enabled];
  if (mode) steps.push(step(DdlPhase.createTrigger, alterTable(trigger, `${mode} ${ident(trigger.name)}`)));
  return steps;
}

export function triggerDropped(trigger: CatalogTrigger): DdlStep[] {
  return [step(DdlPhase.dropTrigger, `DROP TRIGGER ${ident(trigger.name)} ON ${onTable(trigger)};`)];
}

export function triggerReplaced(before: CatalogTrigger, after: CatalogTrigger): DdlStep[] {
  const sameDefinition = before.definition === after.definition;
  if (sameDefinition) {
    // Only its firing mode changed (ENABLE / DISABLE).
    return [step(DdlPhase.createTrigger, alterTable(after, `${ENABLE[after.enabled] ?? 'ENABLE TRIGGER'} ${ident(after.name)}`))];
  }
  return [...triggerDropped(before), ...triggerAdded(after)];
}
