import { CONSTRAINT_KEYWORD } from '../../../catalog/constraint-keyword.js';
import { quoteIdentifier } from '../../../sql/quote-identifier.js';
import { plural } from '../verify-check-run.js';
import { constraintKey, quoted, shown, type HealthCheck } from './health-context.js';

/**
 * Constraints added NOT VALID and never validated: new rows are checked, the rows that were there
 * are not, so the guarantee the constraint names does not hold yet. A warning: nothing breaks, but
 * the VALIDATE step of the runbook was forgotten (or failed).
 */
export const constraintNotValid: HealthCheck = ({ objects, reported }) => {
  const notValid = objects.constraints.filter((c) => !c.validated && !reported.has(constraintKey(c)));
  return {
    id: 'constraint-not-valid',
    kind: 'constraint-not-valid',
    title: 'constraints validated',
    summary: notValid.length ? `${notValid.length} NOT VALID` : plural(objects.constraints.length, 'constraint'),
    findings: notValid.map((c) => ({
      ruleId: 'constraint-not-valid',
      severity: 'warning',
      message: `${CONSTRAINT_KEYWORD[c.type]} ${c.name} on ${shown(c.schema, c.table)} is NOT VALID: new rows are checked, the rows that existed when it was added never were`,
      help: `ALTER TABLE ${quoted(c.schema, c.table)} VALIDATE CONSTRAINT ${quoteIdentifier(c.name)}; — it scans without blocking writes, and fails if an old row violates it`,
      evidence: { schema: c.schema, table: c.table, constraint: c.name, type: c.type, definition: c.definition },
    })),
  };
};
