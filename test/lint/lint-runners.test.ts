import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { lint } from '../../src/commands/lint.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { fixtureProject, prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

// Each class of false alarm from issue 21, both sides: the hazard still flagged, the safe form quiet.
const INDEX_BESIDE_DDL = 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n';

let projects: FixtureProject[] = [];
afterEach(() => {
  for (const p of projects) p.remove();
  projects = [];
});
const keep = (p: FixtureProject): FixtureProject => (projects.push(p), p);

async function findingsOf(dir: string, rule: string, extra: { files?: string[]; postgresVersion?: number; url?: string } = {}) {
  const result = await lint({ dir, cwd: dir, cacheDir: null, ...extra });
  return result.findings.filter((f) => f.ruleId === rule);
}
const severities = (findings: readonly Finding[]) => findings.map((f) => f.severity);

describe('concurrently-in-transaction asks how the tool sends the file', () => {
  it('Prisma: 7.4+ sends statements one by one (quiet); an older one sends one script (error); unknown: a warning naming the assumption', async () => {
    const modern = keep(prismaProject({ '20260101000000_idx': INDEX_BESIDE_DDL }));
    modern.write('node_modules/prisma/package.json', JSON.stringify({ name: 'prisma', version: '7.4.0' }));
    expect(await findingsOf(modern.root, 'concurrently-in-transaction')).toEqual([]);

    const old = keep(prismaProject({ '20260101000000_idx': INDEX_BESIDE_DDL }));
    old.write('package.json', JSON.stringify({ devDependencies: { prisma: '~6.19.0' } }));
    const flagged = await findingsOf(old.root, 'concurrently-in-transaction');
    expect(severities(flagged)).toEqual(['error']);
    expect(flagged[0]!.message).toContain('Prisma 6.19.0 sends the file as one script');

    const unknown = keep(prismaProject({ '20260101000000_idx': INDEX_BESIDE_DDL }));
    const assumed = await findingsOf(unknown.root, 'concurrently-in-transaction');
    expect(severities(assumed)).toEqual(['warning']);
    expect(assumed[0]!.message).toContain('assuming a Prisma before 7.4');
  });

  it('Supabase CLI: 2.109+ runs CREATE INDEX CONCURRENTLY alone, not yet DROP INDEX CONCURRENTLY; older sends one pipeline', async () => {
    const files = {
      'supabase/migrations/20260101000000_idx.sql': 'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n',
      'supabase/migrations/20260102000000_drop.sql': 'DROP INDEX CONCURRENTLY orders_old_idx;\n',
    };
    const run = async (version: string | undefined) => {
      const project = keep(fixtureProject());
      for (const [file, sql] of Object.entries(files)) project.write(file, sql);
      if (version) project.write('package.json', JSON.stringify({ devDependencies: { supabase: version } }));
      return (await findingsOf(project.root, 'concurrently-in-transaction')).map((f) => [f.file?.split('_').pop(), f.severity]);
    };
    expect(await run('2.110.0')).toEqual([['drop.sql', 'error']]);
    expect(await run('^2.120.1')).toEqual([]);
    expect(await run('1.200.0')).toEqual([
      ['idx.sql', 'error'],
      ['drop.sql', 'error'],
    ]);
    expect(await run(undefined)).toEqual([
      ['idx.sql', 'warning'],
      ['drop.sql', 'warning'],
    ]);
  });

  it('Flyway runs a file with CONCURRENTLY without a transaction, and refuses a mixed one unless mixed=true', async () => {
    const project = keep(fixtureProject());
    project.write('migrations/V1__idx.sql', "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n");
    project.write('migrations/V2__alone.sql', 'CREATE INDEX CONCURRENTLY orders_total_idx ON orders (total);\n');
    const unknown = await findingsOf(project.root, 'concurrently-in-transaction');
    expect(unknown.map((f) => [f.file, f.severity])).toEqual([['migrations/V1__idx.sql', 'warning']]);
    expect(unknown[0]!.message).toContain("assuming Flyway's default mixed=false");
    project.write('flyway.conf', 'flyway.mixed=false\n');
    expect(severities(await findingsOf(project.root, 'concurrently-in-transaction'))).toEqual(['error']);
    project.write('flyway.conf', 'flyway.mixed=true\n');
    expect(await findingsOf(project.root, 'concurrently-in-transaction')).toEqual([]);
  });

  it('dbmate: wrapped in a transaction unless `-- migrate:up transaction:false`', async () => {
    const project = keep(fixtureProject());
    const index = 'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n';
    project.write('db/migrations/20260101000000_wrapped.sql', `-- migrate:up\n${index}\n-- migrate:down\nDROP INDEX orders_note_idx;\n`);
    project.write(
      'db/migrations/20260102000000_free.sql',
      `-- migrate:up transaction:false\n${index}\n-- migrate:down\nDROP INDEX orders_note_idx;\n`,
    );
    const found = await findingsOf(project.root, 'concurrently-in-transaction');
    expect(found.map((f) => [f.file, f.severity])).toEqual([['db/migrations/20260101000000_wrapped.sql', 'error']]);
    expect(found[0]!.message).toContain('dbmate runs the file in one transaction');
  });
});

describe("transaction-scoped rules ask the file's real transaction blocks", () => {
  const TWO_BLOCKS =
    'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;\n';
  const ONE_BLOCK =
    'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;\n';
  const BARE =
    'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n';

  it('validate-in-same-transaction and combine-alter-table: separate explicit transactions are quiet, one BEGIN … COMMIT around both is flagged', async () => {
    const project = keep(fixtureProject());
    project.write('two.sql', TWO_BLOCKS);
    project.write('one.sql', ONE_BLOCK);
    for (const rule of ['validate-in-same-transaction', 'combine-alter-table']) {
      expect(await findingsOf(project.root, rule, { files: ['two.sql'] })).toEqual([]);
      const flagged = await findingsOf(project.root, rule, { files: ['one.sql'] });
      expect(flagged.map((f) => f.line)).toEqual([3]);
    }
    const [validate] = await findingsOf(project.root, 'validate-in-same-transaction', { files: ['one.sql'] });
    expect(validate!.message).toContain("the file's own BEGIN … COMMIT");
  });

  it('a tool sending statements one by one keeps them in separate transactions; one sending a script does not', async () => {
    const modern = keep(prismaProject({ '20260101000000_check': BARE }));
    modern.write('node_modules/prisma/package.json', JSON.stringify({ name: 'prisma', version: '7.4.1' }));
    expect(await findingsOf(modern.root, 'validate-in-same-transaction')).toEqual([]);
    expect(await findingsOf(modern.root, 'combine-alter-table')).toEqual([]);
    const old = keep(prismaProject({ '20260101000000_check': BARE }));
    old.write('node_modules/prisma/package.json', JSON.stringify({ name: 'prisma', version: '6.2.0' }));
    expect((await findingsOf(old.root, 'validate-in-same-transaction')).map((f) => f.line)).toEqual([2]);
  });

  it('enum-value-used-in-transaction fires inside the file’s own BEGIN … COMMIT, and not after its COMMIT', async () => {
    const project = keep(fixtureProject());
    project.write(
      'inside.sql',
      "BEGIN;\nALTER TYPE order_status ADD VALUE 'paused';\nUPDATE orders SET status = 'paused' WHERE id = 1;\nCOMMIT;\n",
    );
    project.write(
      'after.sql',
      "BEGIN;\nALTER TYPE order_status ADD VALUE 'paused';\nCOMMIT;\nUPDATE orders SET status = 'paused' WHERE id = 1;\n",
    );
    const inside = await findingsOf(project.root, 'enum-value-used-in-transaction', { files: ['inside.sql'] });
    expect(inside.map((f) => [f.line, f.severity])).toEqual([[3, 'error']]);
    expect(await findingsOf(project.root, 'enum-value-used-in-transaction', { files: ['after.sql'] })).toEqual([]);
  });
});

describe('rules judge for the PostgreSQL major version', () => {
  const RECIPE =
    'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_customer_nn CHECK (customer_id IS NOT NULL) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_nn;\nCOMMIT;\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\n';

  it('set-not-null after a validated CHECK (col IS NOT NULL) in the file: quiet on 12+, flagged on 11; plain SET NOT NULL flagged', async () => {
    const project = keep(fixtureProject());
    project.write('recipe.sql', RECIPE);
    project.write('plain.sql', 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\n');
    project.write(
      'other-column.sql',
      RECIPE.replace('SET NOT NULL', 'SET DEFAULT 0').concat('ALTER TABLE orders ALTER COLUMN total SET NOT NULL;\n'),
    );
    expect(await findingsOf(project.root, 'set-not-null', { files: ['recipe.sql'] })).toEqual([]);
    expect(await findingsOf(project.root, 'set-not-null', { files: ['recipe.sql'], postgresVersion: 12 })).toEqual([]);
    const old = await findingsOf(project.root, 'set-not-null', { files: ['recipe.sql'], postgresVersion: 11 });
    expect(old.map((f) => f.line)).toEqual([7]);
    expect(old[0]!.message).toContain('PostgreSQL 11 does not use the validated CHECK');
    expect((await findingsOf(project.root, 'set-not-null', { files: ['plain.sql'] })).map((f) => f.line)).toEqual([1]);
    expect((await findingsOf(project.root, 'set-not-null', { files: ['other-column.sql'] })).map((f) => f.line)).toEqual([8]);
  });

  it('add-column-rewrite: a constant default rewrites the table before PostgreSQL 11 only', async () => {
    const project = keep(fixtureProject());
    project.write('default.sql', "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';\n");
    expect(await findingsOf(project.root, 'add-column-rewrite', { files: ['default.sql'] })).toEqual([]);
    expect(
      (await findingsOf(project.root, 'add-column-rewrite', { files: ['default.sql'], postgresVersion: 10 })).map((f) => f.line),
    ).toEqual([1]);
  });

  it('config lint.postgresVersion is a whole major version of 10 or later', () => {
    expect(validateConfig({ lint: { postgresVersion: 16 } }, 'pgpreflight.config.json').lint?.postgresVersion).toBe(16);
    expect(() => validateConfig({ lint: { postgresVersion: 16.4 } }, 'c.json')).toThrow(
      /lint\.postgresVersion: expected a major version as a whole number/,
    );
    expect(() => validateConfig({ lint: { postgresVersion: 9 } }, 'c.json')).toThrow(
      /lint\.postgresVersion: expected PostgreSQL 10 or later/,
    );
  });
});

describeServer('set-not-null with a target: its validated CHECK (col IS NOT NULL) and its version', () => {
  let database: TestDatabase;
  let project: FixtureProject;
  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_setnotnull');
    await adminQuery(
      database.url,
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total int, note text); ' +
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_nn CHECK (customer_id IS NOT NULL) NOT VALID; ' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_nn; ' +
        'ALTER TABLE orders ADD CONSTRAINT orders_total_nn CHECK (total IS NOT NULL) NOT VALID;',
    );
    project = fixtureProject();
    project.write(
      'a.sql',
      "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\nALTER TABLE orders ALTER COLUMN total SET NOT NULL;\n",
    );
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it('quiet on the column the target proves non-null; flagged where the CHECK is still NOT VALID', async () => {
    const found = await findingsOf(project.root, 'set-not-null', { files: ['a.sql'], url: database.url });
    expect(found.map((f) => [f.line, f.evidence?.postgresVersion])).toEqual([[3, 15]]);
  });
});
