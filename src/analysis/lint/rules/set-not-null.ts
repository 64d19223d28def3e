import type { LintRule } from '../lint-rule.js';
import { alterCommands, keyName, notNullProof, table, type AlterCommand } from '../alter-commands.js';
import { tableKey } from '../lint-file.js';

export const setNotNull: LintRule = {
  id: 'set-not-null',
  category: 'locking',
  severity: 'warning',
  locksExistingTable: true,
  summary: 'SET NOT NULL on an existing column scans the table under an ACCESS EXCLUSIVE lock',
  rationale:
    'ALTER COLUMN … SET NOT NULL (or ADD CONSTRAINT … NOT NULL) reads every row to prove there is no NULL, holding a lock that blocks reads and writes. Since PostgreSQL 12 a validated CHECK (col IS NOT NULL) — added earlier in the file or already on the target — proves it and the scan is skipped; before 12 it is not used. PostgreSQL 18 can also add the NOT NULL itself NOT VALID and validate it later.',
  help: 'ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (after a COMMIT: no write lock); then SET NOT NULL (instant, it uses the CHECK; PostgreSQL 12+) and DROP CONSTRAINT c. On PostgreSQL 18+: ADD CONSTRAINT c NOT NULL col NOT VALID, then VALIDATE CONSTRAINT c',
  examples: {
    bad: [
      'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_nn NOT NULL customer_id;',
    ],
    good: [
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_not_null CHECK (customer_id IS NOT NULL) NOT VALID;',
      'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_customer_id_not_null CHECK (customer_id IS NOT NULL) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_not_null;\nCOMMIT;\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\nALTER TABLE orders DROP CONSTRAINT orders_customer_id_not_null;',
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_nn NOT NULL customer_id NOT VALID;',
    ],
  },
  check(file) {
    // Columns a validated CHECK (col IS NOT NULL) proves, as the file goes; constraints added NOT VALID wait for their VALIDATE.
    const proven = new Set<string>();
    const pending = new Map<string, string>();
    const hits = [];
    for (const c of alterCommands(file.statements)) {
      const column = scansForNotNull(c);
      if (column && !file.isNewTable(c.table, c.statement)) {
        const checked = proven.has(`${tableKey(c.table)}.${column}`) || file.hasValidatedNotNullCheck(c.table, column);
        if (!checked || file.postgresMajor < 12) {
          hits.push({
            statement: c.statement,
            table: c.table,
            message: checked
              ? `SET NOT NULL on ${table(c.table)}.${column} scans every row under an ACCESS EXCLUSIVE lock: PostgreSQL ${file.postgresMajor} does not use the validated CHECK (12+ does)`
              : `${c.subtype === 'AT_SetNotNull' ? 'SET NOT NULL' : 'ADD CONSTRAINT … NOT NULL'} on ${table(c.table)}.${column} scans every row under an ACCESS EXCLUSIVE lock`,
            evidence: { postgresVersion: file.postgresMajor },
          });
        }
      }
      const proof = c.subtype === 'AT_AddConstraint' ? notNullProof(c) : undefined;
      if (proof && c.constraint!.skip_validation) pending.set(`${tableKey(c.table)}#${String(c.constraint!.conname)}`, proof);
      else if (proof) proven.add(`${tableKey(c.table)}.${proof}`);
      if (c.subtype === 'AT_ValidateConstraint') {
        const validated = pending.get(`${tableKey(c.table)}#${String(c.cmd.name)}`);
        if (validated) proven.add(`${tableKey(c.table)}.${validated}`);
      }
    }
    return hits;
  },
};

/** The column SET NOT NULL, or a NOT NULL constraint added validated (PostgreSQL 18), scans for. */
function scansForNotNull(c: AlterCommand): string | undefined {
  if (c.subtype === 'AT_SetNotNull') return String(c.cmd.name);
  if (c.subtype === 'AT_AddConstraint' && c.constraint?.contype === 'CONSTR_NOTNULL' && !c.constraint.skip_validation)
    return keyName(c.constraint);
  return undefined;
}
