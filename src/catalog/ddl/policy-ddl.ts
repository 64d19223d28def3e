import type { CatalogPolicy, CatalogTable } from '../catalog-snapshot.js';
import { alterTable, ident, onTable } from './ddl-names.js';
import { DdlPhase, step, type DdlStep } from './ddl-step.js';

export function policyAdded(policy: CatalogPolicy): DdlStep[] {
  const roles = policy.roles.map((role) => (role === 'public' ? 'PUBLIC' : ident(role))).join(', ');
  const clauses = [
    `CREATE POLICY ${ident(policy.name)} ON ${onTable(policy)}`,
    `AS ${policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}`,
    `FOR ${policy.command.toUpperCase()}`,
    `TO ${roles || 'PUBLIC'}`,
  ];
  if (policy.using !== null) clauses.push(`USING (${policy.using})`);
  if (policy.withCheck !== null) clauses.push(`WITH CHECK (${policy.withCheck})`);
  return [step(DdlPhase.createPolicy, `${clauses.join(' ')};`)];
}

export function policyDropped(policy: CatalogPolicy): DdlStep[] {
  return [step(DdlPhase.dropPolicy, `DROP POLICY ${ident(policy.name)} ON ${onTable(policy)};`)];
}

export function policyReplaced(before: CatalogPolicy, after: CatalogPolicy): DdlStep[] {
  return [...policyDropped(before), ...policyAdded(after)];
}

/** ENABLE / DISABLE and FORCE / NO FORCE ROW LEVEL SECURITY as the table has them. */
export function rowLevelSecurity(table: CatalogTable, wasForced = false): DdlStep[] {
  const where = { schema: table.schema, table: table.name };
  const steps = [step(DdlPhase.rowLevelSecurity, alterTable(where, `${table.rlsEnabled ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`))];
  if (table.rlsForced !== wasForced) {
    steps.push(step(DdlPhase.rowLevelSecurity, alterTable(where, `${table.rlsForced ? 'FORCE' : 'NO FORCE'} ROW LEVEL SECURITY`)));
  }
  return steps;
}
