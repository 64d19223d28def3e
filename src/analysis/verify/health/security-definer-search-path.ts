import { quoteIdentifier } from '../../../sql/quote-identifier.js';
import { plural } from '../verify-check-run.js';
import { quoted, type HealthCheck } from './health-context.js';

/**
 * SECURITY DEFINER functions that resolve names through the caller's search_path: a caller who can
 * create objects in a schema on that path can make the function run their code with its owner's
 * rights. The same rule `lint` applies to migrations, here on what the database holds.
 */
export const securityDefinerSearchPath: HealthCheck = ({ objects }) => {
  const definers = objects.functions.filter((f) => f.securityDefiner);
  const unpinned = definers.filter((f) => !f.config.some((setting) => setting.startsWith('search_path=')));
  return {
    id: 'security-definer-search-path',
    kind: 'security-definer-search-path',
    title: 'SECURITY DEFINER functions pin search_path',
    summary: unpinned.length
      ? `${plural(unpinned.length, 'function')} without SET search_path`
      : plural(definers.length, 'SECURITY DEFINER function'),
    findings: unpinned.map((f) => ({
      ruleId: 'security-definer-search-path',
      severity: 'warning',
      message: `SECURITY DEFINER ${f.kind === 'procedure' ? 'procedure' : 'function'} ${f.schema}.${f.name}(${f.identityArguments}) has no SET search_path: it runs with its owner's rights but finds tables, functions and operators through the caller's search_path`,
      help: `ALTER ${f.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ${quoted(f.schema, f.name)}(${f.identityArguments}) SET search_path = pg_catalog, ${quoteIdentifier(f.schema)}, pg_temp;`,
      evidence: { schema: f.schema, function: f.name, arguments: f.identityArguments },
    })),
  };
};
