import type { CatalogDomain, CatalogDomainConstraint } from '../catalog-snapshot.js';
import type { DomainChange } from '../effect.js';
import { ident, qualified } from './ddl-names.js';
import { DdlPhase, step, type DdlStep } from './ddl-step.js';

/** `AS integer DEFAULT 0 NOT NULL CONSTRAINT positive CHECK ((VALUE > 0))`: the domain as CREATE DOMAIN spells it. */
export function domainText(domain: CatalogDomain): string {
  const parts = [`AS ${domain.baseType}`];
  if (domain.default !== null) parts.push(`DEFAULT ${domain.default}`);
  if (domain.notNull) parts.push('NOT NULL');
  for (const check of domain.constraints) parts.push(`CONSTRAINT ${ident(check.name)} ${check.definition}`);
  return parts.join(' ');
}

// A domain is a type: created with the enums, before the tables whose columns use it, dropped with the types.
export function domainAdded(domain: CatalogDomain): DdlStep[] {
  return [step(DdlPhase.changeEnum, `CREATE DOMAIN ${qualified(domain)} ${domainText(domain)};`)];
}

export function domainDropped(domain: CatalogDomain): DdlStep[] {
  return [step(DdlPhase.dropType, `DROP DOMAIN ${qualified(domain)};`)];
}

export function domainChanged(after: CatalogDomain, changes: readonly DomainChange[]): DdlStep[] {
  return changes.map((change) => {
    const action =
      change === 'set-not-null'
        ? 'SET NOT NULL'
        : change === 'drop-not-null'
          ? 'DROP NOT NULL'
          : after.default === null
            ? 'DROP DEFAULT'
            : `SET DEFAULT ${after.default}`;
    return step(DdlPhase.alterColumn, `ALTER DOMAIN ${qualified(after)} ${action};`);
  });
}

export function domainConstraintAdded(domain: CatalogDomain, constraint: CatalogDomainConstraint): DdlStep[] {
  return [
    step(DdlPhase.addConstraint, `ALTER DOMAIN ${qualified(domain)} ADD CONSTRAINT ${ident(constraint.name)} ${constraint.definition};`),
  ];
}

export function domainConstraintDropped(domain: CatalogDomain, constraint: CatalogDomainConstraint): DdlStep[] {
  return [step(DdlPhase.dropConstraint, `ALTER DOMAIN ${qualified(domain)} DROP CONSTRAINT ${ident(constraint.name)};`)];
}

export function domainConstraintValidated(domain: CatalogDomain, constraint: CatalogDomainConstraint): DdlStep[] {
  return [step(DdlPhase.addConstraint, `ALTER DOMAIN ${qualified(domain)} VALIDATE CONSTRAINT ${ident(constraint.name)};`)];
}
