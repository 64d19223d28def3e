import type { CatalogDomain, CatalogObjects, QualifiedName } from '../../catalog/catalog-snapshot.js';
import { formattedTypeName } from '../../catalog/diff/diff-enums.js';
import type { Effect } from '../../catalog/effect.js';
import { domainValueExpression } from '../../sql/domain-value-expression.js';
import { quoteIdentifier } from '../../sql/quote-identifier.js';
import type { DomainProbeReason, ProbeOrigin, ProbeRequest, SkippedProbe } from './probe-request.js';

type NewRequest = DistributiveOmit<Extract<ProbeRequest, { kind: 'domain-check' | 'domain-not-null' }>, 'id'>;

export interface DomainProbeContext {
  readonly target: CatalogObjects;
  readonly after: CatalogObjects;
  readonly origin: ProbeOrigin;
  readonly add: (request: NewRequest) => void;
  readonly skip: (skipped: SkippedProbe) => void;
}

/**
 * What a domain that tightens asks of the target's rows: PostgreSQL checks every column of the
 * domain (and of domains over it) in every table when a CHECK is added or validated or NOT NULL is
 * set. Columns that do not exist on the target yet hold no rows to check.
 */
export function domainProbes(effect: Effect, context: DomainProbeContext): void {
  switch (effect.kind) {
    case 'domain-constraint-added':
    case 'domain-constraint-validated': {
      const reason: DomainProbeReason = effect.kind;
      for (const ref of effect.columns) {
        const table = { schema: ref.schema, name: ref.table };
        if (!onTarget(context.target, table, ref.column)) continue;
        checkProbe(context, table, ref.column, quoteIdentifier(ref.column), effect.domain, effect.constraint, reason);
      }
      break;
    }
    case 'domain-changed':
      if (!effect.changes.includes('set-not-null')) break;
      for (const ref of effect.columns) {
        const table = { schema: ref.schema, name: ref.table };
        if (!onTarget(context.target, table, ref.column)) continue;
        context.add({
          kind: 'domain-not-null',
          table,
          origin: context.origin,
          column: ref.column,
          domain: formattedTypeName(effect.after),
          reason: 'domain-set-not-null',
        });
      }
      break;
    default:
      break;
  }
}

/**
 * A column retyped to a domain (ALTER COLUMN … TYPE d): each value is cast to the domain, so every
 * CHECK of the domain and of the domains under it, and any NOT NULL among them, must hold. The old
 * value is cast to the domain's root base type first, as the conversion does. False when the new
 * type is no domain.
 */
export function retypedToDomain(
  context: DomainProbeContext,
  table: QualifiedName,
  column: { readonly name: string; readonly type: string },
  toType: string,
): boolean {
  const chain = domainChain(toType, context.after.domains);
  if (chain.length === 0) return false;
  const root = chain[chain.length - 1]!.baseType;
  const value = column.type === root ? quoteIdentifier(column.name) : `${quoteIdentifier(column.name)}::${root}`;
  for (const domain of chain) {
    for (const constraint of domain.constraints) {
      if (constraint.validated) checkProbe(context, table, column.name, value, domain, constraint, 'column-retyped');
    }
  }
  if (chain.some((d) => d.notNull)) {
    context.add({ kind: 'domain-not-null', table, origin: context.origin, column: column.name, domain: toType, reason: 'column-retyped' });
  }
  return true;
}

function checkProbe(
  context: DomainProbeContext,
  table: QualifiedName,
  column: string,
  value: string,
  domain: CatalogDomain,
  constraint: CatalogDomain['constraints'][number],
  reason: DomainProbeReason,
): void {
  const expression = domainValueExpression(constraint.expression, value);
  if (expression === undefined) {
    context.skip({
      table,
      what: `CHECK ${constraint.name} of domain ${domain.name} on ${column}`,
      reason: 'its expression could not be read',
      origin: context.origin,
    });
    return;
  }
  context.add({
    kind: 'domain-check',
    table,
    origin: context.origin,
    column,
    domain: formattedTypeName(domain),
    constraint: constraint.name,
    expression,
    reason,
    notValid: reason === 'domain-constraint-added' && !constraint.validated,
  });
}

/** The domain named `type` and the domains under it, outermost first; empty when it is no domain. */
function domainChain(type: string, domains: readonly CatalogDomain[]): CatalogDomain[] {
  const chain: CatalogDomain[] = [];
  for (let name = type; ;) {
    const domain = domains.find((d) => formattedTypeName(d) === name);
    if (!domain || chain.includes(domain)) return chain;
    chain.push(domain);
    name = domain.baseType;
  }
}

function onTarget(target: CatalogObjects, table: QualifiedName, column: string): boolean {
  return target.columns.some((c) => c.schema === table.schema && c.table === table.name && c.name === column);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
