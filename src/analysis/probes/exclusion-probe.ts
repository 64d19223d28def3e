import type { CatalogConstraint, CatalogExclusion, CatalogObjects, QualifiedName } from '../../catalog/catalog-snapshot.js';
import type { ProbeRequest } from './probe-request.js';

type ExclusionRequest = Omit<Extract<ProbeRequest, { kind: 'exclusion' }>, 'id' | 'origin'>;

/**
 * The question an added EXCLUDE constraint asks of the target's rows, or why it cannot be asked: a
 * key column, or a column an expression key or the WHERE names, that the target does not have yet.
 */
export function exclusionProbe(
  constraint: CatalogConstraint,
  exclusion: CatalogExclusion,
  table: QualifiedName,
  target: CatalogObjects,
  after: CatalogObjects,
): ExclusionRequest | { readonly skip: string } {
  const onTarget = new Set(target.columns.filter((c) => c.schema === table.schema && c.table === table.name).map((c) => c.name));
  // Expression texts are not parsed: a new column whose name appears in one is taken as read by it.
  const texts = [...exclusion.elements.map((e) => e.expression ?? ''), exclusion.predicate ?? ''].join(' ');
  const missing = after.columns
    .filter((c) => c.schema === table.schema && c.table === table.name && !onTarget.has(c.name))
    .filter((c) => exclusion.elements.some((e) => e.column === c.name) || new RegExp(`\\b${escape(c.name)}\\b`).test(texts))
    .map((c) => c.name);
  if (missing.length) return { skip: `column ${missing.join(', ')} does not exist on the target yet` };
  return {
    kind: 'exclusion',
    table,
    constraint: constraint.name,
    method: exclusion.method,
    elements: exclusion.elements.map((e) => ({
      ...(e.column !== null ? { column: e.column } : { expression: e.expression ?? '' }),
      operator: e.operator,
    })),
    predicate: exclusion.predicate,
  };
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
