import type { Effect } from '../effect.js';

/**
 * For an effect that drops an object, the effect that creates it: with the catalog that holds the
 * object, its SQL is the CREATE a migration would need to adopt it. undefined for other effects.
 */
export function addedCounterpart(effect: Effect): Effect | undefined {
  switch (effect.kind) {
    case 'schema-dropped':
      return { kind: 'schema-added', schema: effect.schema };
    case 'table-dropped':
      return { kind: 'table-added', table: effect.table };
    case 'column-dropped':
      return { kind: 'column-added', column: effect.column };
    case 'constraint-dropped':
      return { kind: 'constraint-added', constraint: effect.constraint };
    case 'index-dropped':
      return { kind: 'index-added', index: effect.index };
    case 'enum-dropped':
      return { kind: 'enum-added', enum: effect.enum };
    case 'domain-dropped':
      return { kind: 'domain-added', domain: effect.domain };
    case 'domain-constraint-dropped':
      return { ...effect, kind: 'domain-constraint-added' };
    case 'function-dropped':
      return { kind: 'function-added', function: effect.function };
    case 'trigger-dropped':
      return { kind: 'trigger-added', trigger: effect.trigger };
    case 'view-dropped':
      return { kind: 'view-added', view: effect.view };
    case 'sequence-dropped':
      return { kind: 'sequence-added', sequence: effect.sequence };
    case 'policy-dropped':
      return { kind: 'policy-added', policy: effect.policy };
    case 'extension-dropped':
      return { kind: 'extension-added', extension: effect.extension };
    default:
      return undefined;
  }
}
