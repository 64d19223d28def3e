import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureProject, prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { createPrismaTarget } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { describeServer, type TestDatabase } from '../support/test-database.js';

const MIGRATIONS = {
  '20240101000000_init': `CREATE TABLE "Item" (id serial PRIMARY KEY, "practiceId" int NOT NULL, sku text, quantity int);
CREATE INDEX "Item_practiceId_idx" ON "Item" ("practiceId");
`,
};
const CONFIG = {
  invariants: [{ name: 'no negative inventory', sql: 'SELECT id, quantity FROM "Item" WHERE quantity < 0' }],
  unique: [{ table: 'Item', columns: ['practiceId', 'sku'] }],
  expect: { indexes: ['Item_practiceId_idx'] },
};
const GOOD_ROWS = `INSERT INTO "Item" ("practiceId", sku, quantity) VALUES (1, 'A', 3), (1, 'B', 0), (1, NULL, 1), (1, NULL, 2);`;
const BAD_ROWS = `INSERT INTO "Item" ("practiceId", sku, quantity) VALUES (1, 'A', 3), (1, 'A', -1);
DROP INDEX "Item_practiceId_idx";`;

describeServer('pgpreflight verify (CLI)', () => {
  let project: FixtureProject;
  let good: TestDatabase;
  let bad: TestDatabase;
  // The shadow cache is the user's default one, shared with the other CLI tests.
  const run = (args: string[], cwd = project.root) => runCliProcess(['verify', ...args], { cwd });

  beforeAll(async () => {
    project = prismaProject(MIGRATIONS);
    project.write('pgpreflight.config.json', JSON.stringify(CONFIG));
    [good, bad] = await Promise.all([
      createPrismaTarget('pgpreflight_verify_cli_good', MIGRATIONS, GOOD_ROWS),
      createPrismaTarget('pgpreflight_verify_cli_bad', MIGRATIONS, BAD_ROWS),
    ]);
  });
  afterAll(async () => {
    project?.remove();
    await Promise.all([good?.drop(), bad?.drop()]);
  });

  it('exit 0 and one ✓ line per check on a database that passes', async () => {
    const result = await run(['--url', good.url, '--no-color']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('  ✓ ')).map((line) => line.slice(4).split(/\s{2,}/))).toEqual([
      ['no negative inventory', '0 rows'],
      ['Item (practiceId, sku) unique', 'no duplicates (NULLs distinct)'],
      ['constraints and indexes of the 1 applied migration', '1 constraint and 1 index present and valid'],
      ['constraints and indexes listed in expect', '1 of 1 present'],
      ['no INVALID index', '2 indexes'],
      ['constraints validated', '1 constraint'],
      ['sequences have ≥ 20 % of their range left', '1 sequence'],
      ['sequences ahead of the values in their columns', '1 sequence'],
      ['foreign keys indexed (tables ≥ 10,000 rows)', '0 foreign keys on tables of ≥ 10,000 rows'],
      ['SECURITY DEFINER functions pin search_path', '0 SECURITY DEFINER functions'],
      ['tables with row-level security have a policy', '0 tables with RLS'],
    ]);
    expect(lines.at(-2)).toBe('All 11 checks pass.');
  }, 180_000); // the first run on a machine builds the shadow

  it('exit 1 with the evidence under each ✗ line', async () => {
    const result = await run(['--url', bad.url, '--no-color']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`  ✗ no negative inventory`);
    expect(result.stdout).toMatch(
      /✗ no negative inventory\s+1 row\n\s+error\s+invariant-violated\n\s+invariant "no negative inventory" is violated: the query returns 1 row\n\s+id\s+quantity\n\s+2\s+-1\n\s+all: SELECT id, quantity FROM "Item" WHERE quantity < 0\n/,
    );
    expect(result.stdout).toMatch(/✗ Item \(practiceId, sku\) unique\s+1 duplicate group, 2 rows \(NULLs distinct\)/);
    expect(result.stdout).toContain('index Item_practiceId_idx on Item, which the applied migrations create, is missing on the target');
    expect(result.stdout).toContain('index Item_practiceId_idx, listed in expect.indexes, does not exist on the target');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('11 checks: 7 pass, 4 fail — 4 errors · 0 warnings — verification failed');
  });

  it('--format json: checks with outcomes, findings with rule ids and evidence, timings', async () => {
    const result = await run(['--url', bad.url, '--format', 'json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ tool: 'pgpreflight', schemaVersion: 1, command: 'verify', project: { format: 'prisma', applied: 1 } });
    expect(json.checks).toHaveLength(11);
    expect(json.checks[0]).toEqual({
      id: 'invariant:no negative inventory',
      kind: 'invariant',
      title: 'no negative inventory',
      outcome: 'fail',
      summary: '1 row',
      errors: 1,
      warnings: 0,
      ms: expect.any(Number),
    });
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      'invariant-violated',
      'unique-duplicates',
      'expected-object-missing',
      'expected-object-missing',
    ]);
    expect(json.findings[1].evidence).toMatchObject({ check: 'unique:Item(practiceId,sku)', count: 1, rows: 2, nullsNotDistinct: false });
    expect(json.summary).toEqual({ errors: 4, warnings: 0, infos: 0, checks: 11, passed: 7, failed: 4, warned: 0, skipped: 0 });
    expect(json.timings).toMatchObject({ total: expect.any(Number), catalog: expect.any(Number), invariants: expect.any(Number) });
  });

  it('--quiet prints the result line', async () => {
    expect((await run(['--url', good.url, '--quiet'])).stdout).toBe('all 11 checks pass\n');
    expect((await run(['--url', bad.url, '--quiet'])).stdout).toBe('4 of 11 checks failed, 0 with warnings (4 errors, 0 warnings)\n');
  });

  it('a folder without migrations: the comparison is skipped when it is the current folder, an error when named', async () => {
    const plain = fixtureProject('pgpreflight-verify-plain-');
    try {
      plain.write('notes.txt', 'no migrations here\n');
      const here = await run(['--url', good.url, '--no-color'], plain.root);
      expect(here.code).toBe(0);
      expect(here.stdout).toMatch(/– constraints and indexes the applied migrations create\s+no migrations found in the current folder/);
      const named = await run(['--url', good.url, '--dir', plain.root]);
      expect(named.code).toBe(2);
      expect(named.stderr).toContain('no known migration layout found');
    } finally {
      plain.remove();
    }
  });

  it('bad settings are usage errors (exit 2) naming the setting', async () => {
    const other = fixtureProject('pgpreflight-verify-config-');
    try {
      other.write('pgpreflight.config.json', JSON.stringify({ verify: { sequenceHeadroomPercent: 150 } }));
      const config = await run(['--url', good.url], other.root);
      expect(config.code).toBe(2);
      expect(config.stderr).toContain('verify.sequenceHeadroomPercent: expected a percentage below 100');
      const timeout = await run(['--url', good.url, '--query-timeout', 'soon']);
      expect(timeout.code).toBe(2);
      expect(timeout.stderr).toContain('--query-timeout soon: expected a whole number of at least 100');
    } finally {
      other.remove();
    }
  });
});
