import { afterAll, beforeAll, expect, it } from 'vitest';
import { verify } from '../../src/commands/verify/verify.js';
import type { VerifyResult } from '../../src/report/verify-result.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

const SETUP = `
CREATE TABLE "LocationInventory" (id int PRIMARY KEY, quantity int, location text);
INSERT INTO "LocationInventory" SELECT g, CASE WHEN g % 10 = 0 THEN -g ELSE g END, 'L' || (g % 3) FROM generate_series(1, 100) g;
CREATE TABLE member (id serial PRIMARY KEY, practice int, email text, deleted_at timestamptz);
INSERT INTO member (practice, email, deleted_at) VALUES
  (1, 'a@x', NULL), (1, 'a@x', NULL), (1, 'a@x', now()),   -- one live duplicate pair, one deleted copy
  (1, NULL, NULL), (1, NULL, NULL),                       -- NULL emails: distinct unless asked otherwise
  (2, 'a@x', NULL), (2, 'b@x', NULL);
-- A SERIAL column with no index, filled with explicit values past its sequence: its max is read in the
-- same pass as the duplicate check of the table.
CREATE TABLE visit (n serial, code text);
INSERT INTO visit (n, code) VALUES (1, 'x'), (2, 'x'), (7, 'y');
`;

describeServer('verify: invariants and duplicate keys', () => {
  let database: TestDatabase;
  let result: VerifyResult;

  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_verify_rows');
    const db = await connectTestDatabase(database.url);
    try {
      await db.exec(SETUP);
    } finally {
      await db.close();
    }
    result = await verify({
      url: database.url,
      invariants: [
        { name: 'no negative inventory', sql: 'SELECT id, quantity FROM "LocationInventory" WHERE quantity < 0 ORDER BY id;' },
        { name: 'stale column', sql: 'SELECT id FROM "LocationInventory" WHERE qty < 0' },
        { name: 'tries to write', sql: 'DELETE FROM "LocationInventory" WHERE quantity < 0 RETURNING id' },
        { name: 'locations exist', sql: "SELECT id FROM \"LocationInventory\" WHERE location NOT IN ('L0', 'L1', 'L2')" },
        { name: 'not a subquery', sql: 'SHOW statement_timeout' },
      ],
      unique: [
        { table: 'member', columns: ['practice', 'email'] },
        { table: 'member', columns: ['practice', 'email'], nullsNotDistinct: true },
        { table: 'member', columns: ['practice', 'email'], where: 'deleted_at IS NULL AND email IS NOT NULL AND practice = 2' },
        { table: 'member', columns: ['id', 'email'] },
        { table: 'visit', columns: ['code'] },
        { table: 'membr', columns: ['email'] },
        { table: 'member', columns: ['mail'] },
      ],
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  const check = (id: string) => result.checks.find((c) => c.id === id)!;
  const findingsOf = (id: string) => result.findings.filter((f) => f.evidence?.check === id);

  it('an invariant with violations: the exact count and the first five rows as samples', () => {
    expect(check('invariant:no negative inventory')).toMatchObject({ outcome: 'fail', summary: '10 rows' });
    const [finding] = findingsOf('invariant:no negative inventory');
    expect(finding).toMatchObject({ ruleId: 'invariant-violated', severity: 'error' });
    expect(finding!.evidence).toMatchObject({
      count: 10,
      query: 'SELECT id, quantity FROM "LocationInventory" WHERE quantity < 0 ORDER BY id;',
      samples: [10, 20, 30, 40, 50].map((id) => ({ id, quantity: -id })),
    });
  });

  it('a failing invariant is reported with its SQLSTATE and the others still run', () => {
    expect(findingsOf('invariant:stale column')).toEqual([
      expect.objectContaining({
        ruleId: 'query-failed',
        severity: 'error',
        message: 'invariant "stale column" could not be checked: column "qty" does not exist (SQLSTATE 42703)',
        help: 'fix the SQL in invariants[1].sql in the config (run it by hand to see the error)',
      }),
    ]);
    // A write is refused by the READ ONLY transaction, and said so.
    expect(findingsOf('invariant:tries to write')[0]).toMatchObject({
      ruleId: 'query-failed',
      evidence: { sqlState: '25006' },
      help: 'verify runs in a READ ONLY transaction: the query must only read',
    });
    expect(check('invariant:locations exist')).toMatchObject({ outcome: 'pass', summary: '0 rows' });
    expect(result.checks.filter((c) => c.kind === 'invariant').map((c) => c.outcome)).toEqual(['fail', 'fail', 'fail', 'pass', 'fail']);
  });

  it('a query that cannot be a subquery runs as written', () => {
    expect(findingsOf('invariant:not a subquery')[0]!.evidence).toMatchObject({ count: 1, samples: [{ statement_timeout: '30s' }] });
  });

  it('duplicates: a key holding a NULL never collides by default, and the output says so', () => {
    expect(check('unique:member(practice,email)')).toMatchObject({
      outcome: 'fail',
      summary: '1 duplicate group, 3 rows (NULLs distinct)',
    });
    const [finding] = findingsOf('unique:member(practice,email)');
    expect(finding).toMatchObject({
      ruleId: 'unique-duplicates',
      severity: 'error',
      message:
        '1 duplicate key group (3 rows) in member on (practice, email); a key holding a NULL never collides, as in a UNIQUE index (set nullsNotDistinct: true to count those too)',
    });
    expect(finding!.evidence).toMatchObject({
      count: 1,
      rows: 3,
      nullsNotDistinct: false,
      samples: [{ practice: 1, email: 'a@x', rows: '3' }],
    });
  });

  it('duplicates: the SQL a person runs lists every duplicate group', async () => {
    const query = findingsOf('unique:member(practice,email)')[0]!.evidence!.query as string;
    const db = await connectTestDatabase(database.url);
    try {
      expect((await db.query(query)).rows).toEqual([{ practice: 1, email: 'a@x', rows: '3' }]);
    } finally {
      await db.close();
    }
  });

  it('duplicates: nullsNotDistinct counts NULL keys as equal', () => {
    expect(check('unique:member(practice,email) NULLS NOT DISTINCT')).toMatchObject({
      title: 'member (practice, email) unique NULLS NOT DISTINCT',
      summary: '2 duplicate groups, 5 rows (NULLS NOT DISTINCT)',
    });
    const [finding] = findingsOf('unique:member(practice,email) NULLS NOT DISTINCT');
    expect(finding!.evidence).toMatchObject({ count: 2, rows: 5, nullsNotDistinct: true });
    expect(finding!.message).toContain('keys holding NULL count as equal (nullsNotDistinct)');
  });

  it('duplicates: where limits the rows compared', () => {
    expect(check('unique:member(practice,email) WHERE deleted_at IS NULL AND email IS NOT NULL AND practice = 2')).toMatchObject({
      outcome: 'pass',
      summary: 'no duplicates (NULLs distinct)',
    });
  });

  it('duplicates: a key a unique index already guarantees is not read', () => {
    expect(check('unique:member(id,email)')).toMatchObject({ outcome: 'pass', summary: 'enforced by unique index member_pkey', ms: 0 });
  });

  it('one pass over visit answers both its duplicate keys and the max of its unindexed SERIAL column', () => {
    expect(check('unique:visit(code)')).toMatchObject({ outcome: 'fail', summary: '1 duplicate group, 2 rows (NULLs distinct)' });
    expect(findingsOf('unique:visit(code)')[0]!.evidence).toMatchObject({ samples: [{ code: 'x', rows: '2' }] });
    expect(result.findings.filter((f) => f.ruleId === 'sequence-behind-column').map((f) => f.evidence)).toEqual([
      expect.objectContaining({ sequence: 'visit_n_seq', next: '1', max: '7' }),
    ]);
  });

  it('an entry naming a table or column the target lacks is an error that suggests the name', () => {
    expect(findingsOf('unique:membr(email)')).toEqual([
      expect.objectContaining({
        ruleId: 'query-failed',
        message: 'unique entry membr (email) unique could not be checked: no table membr on the target',
        help: 'did you mean member?',
      }),
    ]);
    expect(findingsOf('unique:member(mail)')).toEqual([
      expect.objectContaining({
        message: 'unique entry member (mail) unique could not be checked: no column mail in member',
        help: 'did you mean email?',
      }),
    ]);
  });

  it('exit status: errors make the result fail', () => {
    expect(result.summary.errors).toBeGreaterThan(0);
    expect(result.summary.failed).toBe(result.checks.filter((c) => c.outcome === 'fail').length);
  });
});
