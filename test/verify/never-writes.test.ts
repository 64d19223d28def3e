import { afterAll, beforeAll, expect, it } from 'vitest';
import { verify } from '../../src/commands/verify/verify.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { createPrismaTarget } from '../support/prisma-history.js';
import { catalogObjects, readCounters, commitsBeyondSessions } from '../support/target-counters.js';
import { adminQuery, describeServer, type TestDatabase } from '../support/test-database.js';

const INIT = `CREATE TABLE item (id serial PRIMARY KEY, sku text, qty int, parent_id int);
CREATE TABLE log (n serial, code text);
CREATE INDEX item_qty_idx ON item (qty);
`;
// Violations of every kind, so every query path runs: invariant rows, duplicates, a sequence behind
// an unindexed column (read in the same pass as a duplicate check), a dropped index, RLS without policy.
const SEED = `INSERT INTO item (sku, qty) VALUES ('A', 1), ('A', -2), (NULL, 3);
INSERT INTO log (n, code) VALUES (5, 'x'), (6, 'x');
DROP INDEX item_qty_idx;
ALTER TABLE item ENABLE ROW LEVEL SECURITY;`;

describeServer('verify never writes the target', () => {
  let database: TestDatabase;
  let project: FixtureProject;

  beforeAll(async () => {
    database = await createPrismaTarget('pgpreflight_verify_never_writes', { '20240101000000_init': INIT }, SEED);
    project = prismaProject({ '20240101000000_init': INIT });
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it('commits no transaction, touches no row, moves no sequence and changes no catalog object', async () => {
    const sequences = async () => (await adminQuery(database.url, 'SELECT sequencename, last_value FROM pg_sequences ORDER BY 1')).rows;
    const catalogBefore = await catalogObjects(database.url);
    const sequencesBefore = await sequences();
    const before = await readCounters(database.url, database.name);

    const result = await verify({
      dir: project.root,
      url: database.url,
      invariants: [
        { name: 'no negative qty', sql: 'SELECT id FROM item WHERE qty < 0' },
        { name: 'fails', sql: 'SELECT nope FROM item' },
        { name: 'writes', sql: 'UPDATE item SET qty = 0 RETURNING id' },
      ],
      unique: [
        { table: 'item', columns: ['sku'] },
        { table: 'log', columns: ['code'] },
      ],
    });
    // It did look: every kind found something.
    expect(new Set(result.findings.map((f) => f.ruleId))).toEqual(
      new Set([
        'invariant-violated',
        'query-failed',
        'unique-duplicates',
        'expected-object-missing',
        'sequence-behind-column',
        'rls-without-policy',
      ]),
    );

    const after = await readCounters(database.url, database.name);
    expect(after.tables).toEqual(before.tables);
    // PostgreSQL counts the catalog transaction that starts every session as a commit; any
    // transaction verify committed beyond those would show here, however many sessions it opened.
    expect(commitsBeyondSessions(before, after)).toBe(0);
    expect(after.sessions).toBeGreaterThan(before.sessions);
    expect(await sequences()).toEqual(sequencesBefore);
    expect(await catalogObjects(database.url)).toEqual(catalogBefore);
  }, 180_000); // the first run on a machine builds the shadow
});
