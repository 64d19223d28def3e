import { plural } from '../verify-check-run.js';
import { quoted, shown, type HealthCheck } from './health-context.js';

/**
 * Tables with row-level security enabled and no policy: every role but the owner (and superusers
 * and BYPASSRLS roles) reads no rows and writes none, with no error — the application sees an empty
 * table. Sometimes meant (a table only the owner may touch), hence a warning.
 */
export const rlsWithoutPolicy: HealthCheck = ({ objects }) => {
  const enabled = objects.tables.filter((t) => t.rlsEnabled && (t.kind === 'table' || t.kind === 'partitioned'));
  const withPolicy = new Set(objects.policies.map((p) => JSON.stringify([p.schema, p.table])));
  const bare = enabled.filter((t) => !withPolicy.has(JSON.stringify([t.schema, t.name])));
  return {
    id: 'rls-without-policy',
    kind: 'rls-without-policy',
    title: 'tables with row-level security have a policy',
    summary: bare.length ? `${plural(bare.length, 'table')} without a policy` : plural(enabled.length, 'table') + ' with RLS',
    findings: bare.map((t) => ({
      ruleId: 'rls-without-policy',
      severity: 'warning',
      message: `${shown(t.schema, t.name)} has row-level security enabled${t.rlsForced ? ' (forced)' : ''} and no policy: every role but ${
        t.rlsForced ? 'superusers and BYPASSRLS roles' : 'its owner, superusers and BYPASSRLS roles'
      } sees no rows and can write none`,
      help: `CREATE POLICY … ON ${quoted(t.schema, t.name)} …; — or ALTER TABLE ${quoted(t.schema, t.name)} DISABLE ROW LEVEL SECURITY; if no other role should be filtered`,
      evidence: { schema: t.schema, table: t.name, forced: t.rlsForced },
    })),
  };
};
