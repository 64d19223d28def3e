import { checkExpression } from '../sql/check-expression.js';
import type { CatalogQuery } from './catalog-query.js';
import { notExtensionMember } from './catalog-scope.js';
import type { CatalogDomain } from './catalog-snapshot.js';

export interface RawDomain {
  readonly schema_name: string;
  readonly type_name: string;
  readonly base_type: string;
  readonly not_null: boolean;
  readonly default_expression: string | null;
  readonly checks: readonly { readonly name: string; readonly definition: string; readonly validated: boolean }[] | null;
}

/**
 * Domains with their CHECK constraints. Only contype 'c': PostgreSQL 17+ (PGlite) also keeps a
 * domain's NOT NULL as a constraint row ('n'), which 15 records in typnotnull alone; both set
 * typnotnull, which is read instead (the same normalisation as read-constraints.ts). Constraint
 * names sort in code-unit order: `name` compares bytewise.
 */
export const readDomains: CatalogQuery<RawDomain, CatalogDomain> = {
  key: 'domains',
  fields: {
    schema_name: true,
    type_name: true,
    base_type: true,
    not_null: true,
    default_expression: true,
    checks: true,
  },
  sql: () => `
SELECT n.nspname AS schema_name, t.typname AS type_name,
  pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
  t.typnotnull AS not_null,
  pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_expression,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
            'name', c.conname, 'definition', pg_catalog.pg_get_constraintdef(c.oid), 'validated', c.convalidated) ORDER BY c.conname)
     FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') AS checks
FROM scope_namespace n
JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typtype = 'd'
WHERE ${notExtensionMember('pg_type', 't.oid')}`,
  toItem: (raw) => ({
    schema: raw.schema_name,
    name: raw.type_name,
    baseType: raw.base_type,
    notNull: raw.not_null,
    default: raw.default_expression,
    constraints: (raw.checks ?? []).map((check) => ({
      name: check.name,
      definition: check.definition,
      expression: checkExpression(check.definition),
      validated: check.validated,
    })),
  }),
  sortKey: (domain) => [domain.schema, domain.name],
};
