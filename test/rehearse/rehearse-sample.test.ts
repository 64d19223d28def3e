import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Faker } from '../../src/analysis/sample/faker.js';
import { openCheckShadow, type CheckShadow } from '../../src/commands/check/open-check-shadow.js';
import { sampleShadow } from '../../src/commands/rehearse/sample-shadow.js';
import { connectTarget } from '../../src/db/connect-target.js';
import { parseTargetUrl } from '../../src/db/target-url.js';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';
import type { RehearseSample } from '../../src/report/rehearse-result.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { readCounters, commitsBeyondSessions } from '../support/target-counters.js';
import { leftoverScratchDatabases, scratchDatabases } from '../support/scratch-databases.js';
import { createTestDatabase, describeServer, serverUrl, type TestDatabase } from '../support/test-database.js';

// Foreign keys in every shape: parent chains (orders → customer → region), a self-reference
// (customer.referred_by), a cycle (team.lead_id ↔ member.team_id) and a key that is not the
// primary key (member.customer_email → customer.email). A trigger refuses every insert into orders.
const INIT = `CREATE TABLE region (id int PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE TABLE customer (
  id int PRIMARY KEY, region_id int NOT NULL REFERENCES region (id), email varchar(40) NOT NULL UNIQUE,
  api_token text, referred_by int REFERENCES customer (id), is_vip boolean, born date, external_id uuid
);
CREATE TABLE orders (
  id bigserial PRIMARY KEY, customer_id int NOT NULL REFERENCES customer (id), status text NOT NULL,
  placed_at timestamptz NOT NULL DEFAULT '2024-01-01', total numeric(10,2)
);
CREATE TABLE team (id int PRIMARY KEY, lead_id int);
CREATE TABLE member (id int PRIMARY KEY, team_id int REFERENCES team (id), customer_email varchar(40) REFERENCES customer (email));
ALTER TABLE team ADD CONSTRAINT team_lead_fkey FOREIGN KEY (lead_id) REFERENCES member (id);
CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no inserts into orders'; END $$;
CREATE TRIGGER orders_refuse BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION refuse();
`;
// Rows are inserted with triggers off, as production got them over time. Every order belongs to a
// customer over 200, who was referred by one over 100, who was referred by one under 100: a chain
// three levels deep behind any sampled order. Orders 971–1000 hold a status the pending CHECK rejects.
const SEED = `SET session_replication_role = replica;
INSERT INTO region SELECT g, 'region ' || g, true FROM generate_series(1, 5) g;
INSERT INTO customer SELECT g, g % 5 + 1, 'user' || g || '@corp.example', 'tok_' || md5(g::text),
  CASE WHEN g > 100 THEN g - 100 END, g % 2 = 0, date '1980-01-01' + g, md5(g::text)::uuid FROM generate_series(1, 300) g;
INSERT INTO orders (id, customer_id, status, total)
  SELECT g, 201 + (g * 7) % 100, CASE WHEN g > 970 THEN 'legacy' ELSE 'paid' END, g * 1.5
  FROM generate_series(1, 1000) g;
SELECT setval('orders_id_seq', 1000);
INSERT INTO team VALUES (1, 21), (2, 22), (3, 23);
INSERT INTO member SELECT g, g % 3 + 1, 'user' || (g + 200) || '@corp.example' FROM generate_series(1, 30) g;
SET session_replication_role = DEFAULT;
`;
const PENDING = "ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('paid', 'new'));\n";
const DOWN = 'ALTER TABLE orders DROP CONSTRAINT orders_status_check;\n';
const MIGRATIONS = { '20240101000000_init': INIT, '20240201000000_status': PENDING };

describeServer('rehearse --sample: a production-shaped shadow', () => {
  let target: TestDatabase;
  let project: FixtureProject;
  let cacheDir: string;

  beforeAll(async () => {
    target = await createTestDatabase('pgpreflight_sample');
    const db = await connectTestDatabase(target.url);
    try {
      await deployPrismaTarget(db, { '20240101000000_init': INIT }, SEED);
      await db.exec('ANALYZE');
    } finally {
      await db.close();
    }
    project = prismaProject(MIGRATIONS);
    project.write('prisma/migrations/20240201000000_status/down.sql', DOWN);
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-sample-cache-'));
  }, 60_000);
  afterAll(async () => {
    project?.remove();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    await target?.drop();
  });

  /** Samples the target into a fresh shadow of each kind and hands it to `inspect` before it is dropped. */
  async function sampled(
    kind: 'embedded' | 'server',
    inspect: (shadow: CheckShadow, report: RehearseSample) => Promise<void>,
  ): Promise<void> {
    const loaded = await loadMigrationProject({ dir: project.root });
    const [applied, pending] = [loaded.migrations.slice(0, 1), loaded.migrations.slice(1)];
    const open = (): Promise<CheckShadow> =>
      openCheckShadow({ format: 'prisma', applied, pending, cacheDir, ...(kind === 'server' ? { shadowUrl: serverUrl()! } : {}) });
    const shadow = await open();
    const { client } = await connectTarget(parseTargetUrl(target.url));
    try {
      const report = await sampleShadow({
        target: client,
        shadow: shadow.client,
        rows: 10,
        mask: ['email', '*_token', 'customer.born', 'customer.external_id', 'IS_VIP'],
        pending,
        openPlanningShadow: open,
      });
      await inspect(shadow, report);
    } finally {
      await client.close();
      await shadow.close();
    }
  }

  it('closes the sample under foreign keys, adds every flagged row, masks, and never writes the target', async () => {
    const before = await readCounters(target.url, target.name);
    const fakes: Record<string, string>[] = [];
    for (const kind of ['embedded', 'server'] as const) {
      await sampled(kind, async (shadow, report) => {
        const q = async (sql: string): Promise<Record<string, unknown>[]> => [...(await shadow.client.query(sql)).rows];
        const byTable = Object.fromEntries(report.tables.map((t) => [t.table, t]));
        // Ten sampled orders, and every one of the 30 the pending CHECK rejects, beyond the ten.
        const orders = byTable['public.orders']!;
        expect(orders, kind).toMatchObject({ sampled: 10, parents: 0, rows: orders.sampled + orders.flagged });
        expect(orders.flagged).toBeGreaterThanOrEqual(20);
        expect(await q("SELECT count(*)::int AS n FROM orders WHERE status = 'legacy'")).toEqual([{ n: 30 }]);
        // Every foreign key holds on the shadow: each child brought its parents, transitively.
        const orphans = await q(`SELECT
          (SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT FROM customer c WHERE c.id = o.customer_id))::int AS orders,
          (SELECT count(*) FROM customer c WHERE NOT EXISTS (SELECT FROM region r WHERE r.id = c.region_id))::int AS regions,
          (SELECT count(*) FROM customer c WHERE c.referred_by IS NOT NULL AND NOT EXISTS (SELECT FROM customer p WHERE p.id = c.referred_by))::int AS referrers,
          (SELECT count(*) FROM member m WHERE NOT EXISTS (SELECT FROM team t WHERE t.id = m.team_id))::int AS teams,
          (SELECT count(*) FROM team t WHERE NOT EXISTS (SELECT FROM member m WHERE m.id = t.lead_id))::int AS leads,
          (SELECT count(*) FROM member m WHERE NOT EXISTS (SELECT FROM customer c WHERE c.email = m.customer_email))::int AS emails`);
        expect(orphans, kind).toEqual([{ orders: 0, regions: 0, referrers: 0, teams: 0, leads: 0, emails: 0 }]);
        // Order → customer over 200 → referrer over 100 → referrer under 100: levels beyond the ten sampled customers.
        expect(
          (
            await q(
              'SELECT count(*)::int AS n FROM customer c JOIN customer p ON p.id = c.referred_by JOIN customer g ON g.id = p.referred_by',
            )
          )[0]!.n,
        ).toBeGreaterThan(0);
        expect(byTable['public.customer']!.sampled).toBe(10);
        expect(byTable['public.customer']!.parents).toBeGreaterThanOrEqual(3);
        // Masked: the patterns, and member.customer_email through its foreign key to customer.email.
        expect([...report.masked].sort()).toEqual([
          'public.customer.api_token',
          'public.customer.born',
          'public.customer.email',
          'public.customer.external_id',
          'public.member.customer_email',
        ]);
        expect(report.nulled).toEqual(['public.customer.is_vip']);
        const customers = await q(
          'SELECT id, email, api_token, born::text AS born, external_id::text AS external_id, is_vip FROM customer ORDER BY id',
        );
        for (const c of customers) {
          const id = Number(c.id);
          expect(c.email).not.toBe(`user${id}@corp.example`);
          // The same shape: letters stay letters, digits digits, @ and . in place, the varchar(40) length kept.
          expect(String(c.email)).toMatch(new RegExp(`^[a-z]{4}[0-9]{${String(id).length}}@[a-z]{4}\\.[a-z]{7}$`));
          expect(c.api_token).not.toMatch(/^tok_/);
          expect(c.born).not.toBe(new Date(Date.UTC(1980, 0, 1 + id)).toISOString().slice(0, 10));
          expect(c.external_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          // A boolean has no fake: it is copied as NULL, never as the real value.
          expect(c.is_vip).toBeNull();
        }
        expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);
        fakes.push(Object.fromEntries(customers.map((c) => [String(c.id), String(c.email)])));
        // Indexes were rebuilt after the load: ready, valid, and enforcing.
        expect(
          await q(
            'SELECT count(*)::int AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = $$public$$::regnamespace AND NOT (i.indisready AND i.indisvalid)',
          ),
        ).toEqual([{ n: 0 }]);
        const taken = String(customers[0]!.email);
        await expect(shadow.client.exec(`INSERT INTO customer (id, region_id, email) VALUES (9999, 1, '${taken}')`)).rejects.toThrow(
          'customer_email_key',
        );
        // The sequence continues after the target's rows.
        expect((await q('SELECT last_value::int AS n FROM orders_id_seq'))[0]!.n).toBe(1000);
        // Loaded with triggers off; afterwards they fire again.
        await expect(shadow.client.exec("INSERT INTO orders (customer_id, status) VALUES (NULL, 'paid')")).rejects.toThrow(
          'no inserts into orders',
        );
      });
    }
    // Each run draws its own key: the fakes of one run are not those of another.
    const common = Object.keys(fakes[0]!).filter((id) => id in fakes[1]!);
    expect(common.length).toBeGreaterThan(0);
    for (const id of common) expect(fakes[0]![id]).not.toBe(fakes[1]![id]);
    const after = await readCounters(target.url, target.name);
    expect(after.tables).toEqual(before.tables);
    // One commit per session (PostgreSQL counts the catalog transaction each session starts);
    // any write the sampling committed would show beyond those.
    expect(commitsBeyondSessions(before, after)).toBe(0);
    expect(after.sessions).toBeGreaterThan(before.sessions);
  }, 120_000);

  it('the rehearsal fails where production would: the flagged rows are in the shadow', async () => {
    const before = await scratchDatabases();
    const plain = await runCliProcess(['rehearse', '--url', target.url, '--shadow-url', serverUrl()!, '--format', 'json'], {
      cwd: project.root,
    });
    expect(plain.code, plain.stderr).toBe(0);
    const run = await runCliProcess(['rehearse', '--url', target.url, '--shadow-url', serverUrl()!, '--sample', '10', '--format', 'json'], {
      cwd: project.root,
    });
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.sample).toMatchObject({ rowsPerTable: 10, masked: [], notes: [] });
    expect(json.sample.tables).toContainEqual(expect.objectContaining({ table: 'public.orders', sampled: 10, parents: 0 }));
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'migration-fails-on-shadow',
        severity: 'error',
        line: 1,
        evidence: expect.objectContaining({ sqlState: '23514' }),
      }),
    );
    expect(json.timings.sample).toBeGreaterThan(0);
    const text = await runCliProcess(['rehearse', '--url', target.url, '--shadow-url', serverUrl()!, '--sample', '10'], {
      cwd: project.root,
    });
    expect(text.stdout).toMatch(/Sample\s+\d+ rows from the target in 5 tables \(up to 10 per table\)/);
    expect(text.stdout).toMatch(/public\.orders\s+\d+\s+10 sampled · \d+ flagged by probes · 0 parents/);
    expect(await leftoverScratchDatabases(before)).toEqual([]);
  }, 180_000);

  it('a masked NOT NULL column without a fake stops the run before any value is copied; the scratch databases are dropped', async () => {
    const before = await scratchDatabases();
    project.write('pgpreflight.config.json', JSON.stringify({ mask: ['region.active', 'is_vip'] }));
    try {
      const run = await runCliProcess(['rehearse', '--url', target.url, '--shadow-url', serverUrl()!, '--sample', '5'], {
        cwd: project.root,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('mask: public.region.active is NOT NULL and of type bool, for which there is no fake');
    } finally {
      project.write('pgpreflight.config.json', '{}');
    }
    expect(await leftoverScratchDatabases(before)).toEqual([]);
    const bad = await runCliProcess(['rehearse', '--sample', '5'], { cwd: project.root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sample copies rows from the target, and no target was given');
    project.write('pgpreflight.config.json', JSON.stringify({ mask: ['email', 'a.b.c.d'] }));
    try {
      const invalid = await runCliProcess(['rehearse', '--url', target.url, '--sample', '5'], { cwd: project.root });
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain('mask[1]: expected a column pattern');
    } finally {
      project.write('pgpreflight.config.json', '{}');
    }
  }, 180_000);
});

describe('mask fakes', () => {
  it('the same input gets the same fake, different inputs different ones, never the real value, the type kept', () => {
    const faker = new Faker();
    const emails = Array.from({ length: 2000 }, (_, i) => `person${i}@example.com`);
    const fakes = emails.map((e) => faker.fake('text', e));
    expect(emails.map((e) => faker.fake('text', e))).toEqual(fakes);
    expect(new Set(fakes).size).toBe(emails.length);
    fakes.forEach((fake, i) => {
      expect(fake).not.toBe(emails[i]);
      expect(fake).toHaveLength(emails[i]!.length);
    });
    for (const n of ['7', '42', '-2147483000', '2147483647']) {
      const fake = faker.fake('int4', n);
      expect(fake).not.toBe(n);
      expect(Math.abs(Number(fake))).toBeLessThanOrEqual(2147483647);
      expect(fake.replace('-', '')).toHaveLength(n.replace('-', '').length);
    }
    expect(faker.fake('decimal', '1234.50')).toMatch(/^[1-9]\d{3}\.\d{2}$/);
    expect(faker.fake('date', '2024-02-29 13:45:00.123456+00')).toMatch(/^\d{4}-\d{2}-\d{2} 13:45:00\.123456\+00$/);
    expect(faker.fake('bytea', '\\xdeadbeef')).toMatch(/^\\x[0-9a-f]{8}$/);
    const json = JSON.parse(faker.fake('json', '{"name": "Ada Lovelace", "age": 36, "tags": ["x1"]}'));
    expect(Object.keys(json)).toEqual(['name', 'age', 'tags']);
    expect(json.name).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{7}$/);
    expect(json.name).not.toBe('Ada Lovelace');
    expect(json.name).toBe(faker.fake('text', 'Ada Lovelace'));
  });
});
