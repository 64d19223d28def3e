import type { CatalogQuery } from './catalog-query.js';
import type { CatalogPolicy } from './catalog-snapshot.js';

export interface RawPolicy {
  readonly relid: number;
  readonly policy_name: string;
  readonly polcmd: string;
  readonly permissive: boolean;
  readonly roles: string[];
  readonly using_expression: string | null;
  readonly check_expression: string | null;
}

const COMMANDS = { '*': 'all', r: 'select', a: 'insert', w: 'update', d: 'delete' } as const;

// Role OID 0 in polroles is PUBLIC. Roles are a set, so they are sorted here.
export const readPolicies: CatalogQuery<RawPolicy, CatalogPolicy> = {
  key: 'policies',
  fields: {
    relid: true,
    policy_name: true,
    polcmd: true,
    permissive: true,
    roles: true,
    using_expression: true,
    check_expression: true,
  },
  sql: () => `
SELECT r.oid AS relid, pol.polname AS policy_name,
  pol.polcmd::text AS polcmd, pol.polpermissive AS permissive,
  ARRAY(SELECT CASE WHEN role_id = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(role_id)::text END
          FROM pg_catalog.unnest(pol.polroles) AS role_id) AS roles,
  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS using_expression,
  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS check_expression
FROM scope_relation r
JOIN pg_catalog.pg_policy pol ON pol.polrelid = r.oid`,
  toItem: (raw, { relation }) => ({
    schema: relation(raw.relid).schema,
    table: relation(raw.relid).name,
    name: raw.policy_name,
    command: COMMANDS[raw.polcmd as keyof typeof COMMANDS] ?? 'all',
    permissive: raw.permissive,
    roles: [...raw.roles].sort(),
    using: raw.using_expression,
    withCheck: raw.check_expression,
  }),
  sortKey: (policy) => [policy.schema, policy.table, policy.name],
};
