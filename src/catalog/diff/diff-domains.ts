import type { CatalogColumn, CatalogDomain } from '../catalog-snapshot.js';
import type { ColumnRef, DomainChange, Effect } from '../effect.js';
import { formattedTypeName } from './diff-enums.js';
import { keyedDiff, tableKey } from './keyed-diff.js';

/**
 * Domains by name. A new base type under the same name can only be a drop and a new CREATE DOMAIN,
 * and is reported so. A CHECK of the same name with another expression: dropped, then added.
 */
export function diffDomains(before: CatalogObjectsPart, after: CatalogObjectsPart): Effect[] {
  const diff = keyedDiff(before.domains, after.domains, (d) => tableKey(d.schema, d.name));
  const effects: Effect[] = [];
  const recreated = diff.kept.filter(({ before: b, after: a }) => b.baseType !== a.baseType);
  for (const domain of [...diff.removed, ...recreated.map((k) => k.before)]) effects.push({ kind: 'domain-dropped', domain });
  for (const domain of [...diff.added, ...recreated.map((k) => k.after)]) effects.push({ kind: 'domain-added', domain });
  for (const { before: b, after: a } of diff.kept) {
    if (b.baseType !== a.baseType) continue;
    const columns = columnsOfDomain(a, after);
    const changes: DomainChange[] = [];
    if (!b.notNull && a.notNull) changes.push('set-not-null');
    if (b.notNull && !a.notNull) changes.push('drop-not-null');
    if (b.default !== a.default) changes.push('default');
    if (changes.length) effects.push({ kind: 'domain-changed', before: b, after: a, changes, columns });
    const checks = keyedDiff(b.constraints, a.constraints, (c) => c.name);
    const redefined = checks.kept.filter((k) => k.before.expression !== k.after.expression);
    for (const constraint of [...checks.removed, ...redefined.map((k) => k.before)])
      effects.push({ kind: 'domain-constraint-dropped', domain: a, constraint, columns });
    for (const constraint of [...checks.added, ...redefined.map((k) => k.after)])
      effects.push({ kind: 'domain-constraint-added', domain: a, constraint, columns });
    for (const { before: old, after: now } of checks.kept) {
      if (old.expression === now.expression && !old.validated && now.validated)
        effects.push({ kind: 'domain-constraint-validated', domain: a, constraint: now, columns });
    }
  }
  return effects;
}

type CatalogObjectsPart = { readonly domains: readonly CatalogDomain[]; readonly columns: readonly CatalogColumn[] };

/**
 * The columns PostgreSQL checks when the domain tightens: those of the domain and of every domain
 * over it, at any depth. (A column of an array of the domain makes ALTER DOMAIN fail outright.)
 */
export function columnsOfDomain(domain: CatalogDomain, objects: CatalogObjectsPart): ColumnRef[] {
  const names = new Set([formattedTypeName(domain)]);
  for (let grew = true; grew;) {
    grew = false;
    for (const d of objects.domains) {
      const name = formattedTypeName(d);
      if (!names.has(name) && names.has(d.baseType)) {
        names.add(name);
        grew = true;
      }
    }
  }
  return objects.columns.filter((c) => names.has(c.type)).map((c) => ({ schema: c.schema, table: c.table, column: c.name }));
}
