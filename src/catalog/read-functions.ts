import type { CatalogQuery } from './catalog-query.js';
import type { CatalogFunction, FunctionKind } from './catalog-snapshot.js';
import { notExtensionMember } from './catalog-scope.js';

export interface RawFunction {
  readonly schema_name: string;
  readonly function_name: string;
  readonly prokind: string;
  readonly identity_arguments: string;
  readonly arguments: string;
  readonly returns: string | null;
  readonly language: string;
  readonly source: string | null;
  readonly security_definer: boolean;
  readonly provolatile: string;
  readonly is_strict: boolean;
  readonly config: string[] | null;
}

const KINDS: Readonly<Record<string, FunctionKind>> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

/**
 * Functions and procedures, without those an extension created. A SQL-standard body (BEGIN ATOMIC,
 * RETURN; PostgreSQL 14+) is stored parsed in prosqlbody with an empty prosrc, so its source is
 * deparsed instead.
 */
export const readFunctions: CatalogQuery<RawFunction, CatalogFunction> = {
  key: 'functions',
  fields: {
    schema_name: true,
    function_name: true,
    prokind: true,
    identity_arguments: true,
    arguments: true,
    returns: true,
    language: true,
    source: true,
    security_definer: true,
    provolatile: true,
    is_strict: true,
    config: true,
  },
  sql: (serverVersionNum) => `
SELECT n.nspname AS schema_name, p.proname AS function_name, p.prokind::text AS prokind,
  pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments,
  pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
  CASE WHEN p.prokind <> 'p' THEN pg_catalog.pg_get_function_result(p.oid) END AS returns,
  l.lanname AS language,
  ${serverVersionNum >= 140000 ? 'CASE WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid) ELSE p.prosrc END' : 'p.prosrc'} AS source,
  p.prosecdef AS security_definer, p.provolatile::text AS provolatile, p.proisstrict AS is_strict,
  p.proconfig AS config
FROM scope_namespace n
JOIN pg_catalog.pg_proc p ON p.pronamespace = n.oid
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE ${notExtensionMember('pg_proc', 'p.oid')}`,
  toItem: (raw) => ({
    schema: raw.schema_name,
    name: raw.function_name,
    kind: KINDS[raw.prokind] ?? 'function',
    identityArguments: raw.identity_arguments,
    arguments: raw.arguments,
    returns: raw.returns,
    language: raw.language,
    source: raw.source ?? '',
    securityDefiner: raw.security_definer,
    volatility: VOLATILITY[raw.provolatile as keyof typeof VOLATILITY] ?? 'volatile',
    strict: raw.is_strict,
    config: raw.config ?? [],
  }),
  sortKey: (fn) => [fn.schema, fn.name, fn.identityArguments],
};
