import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/pglite-client.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { runCliProcess } from '../support/run-cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database.js';

// Every spelling of a value list people write, and what PostgreSQL prints back for each.
const SETUP = `
CREATE TYPE "Status" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');
CREATE TABLE "Order" (
  id bigint PRIMARY KEY,
  kind text CONSTRAINT order_kind_check CHECK (kind IN ('sale', 'return', 'gift')),
  channel varchar(20) CONSTRAINT order_channel_check CHECK (channel = ANY (ARRAY['web', 'shop'])),
  tier text CONSTRAINT order_tier_check CHECK (tier = 'gold' OR tier = 'silver' OR tier IS NULL),
  qty int CONSTRAINT order_qty_check CHECK (qty > 0),
  status "Status" NOT NULL DEFAULT 'DRAFT'
);
INSERT INTO "Order" VALUES
  (1, 'sale', 'web', 'gold', 1, 'DRAFT'),
  (2, 'sale', 'shop', NULL, 2, 'ACTIVE'),
  (3, 'return', 'web', 'gold', 3, 'ACTIVE'),
  (4, NULL, NULL, NULL, 4, 'ACTIVE');
-- A list tightened NOT VALID: row 1 ('sale' in legacy) still holds a value it no longer allows.
ALTER TABLE "Order" ADD COLUMN legacy text;
UPDATE "Order" SET legacy = 'sale' WHERE id = 1;
ALTER TABLE "Order" ADD CONSTRAINT order_legacy_check CHECK (legacy IN ('return')) NOT VALID;
`;

let database: TestDatabase | undefined;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-inspect-'));
  const pglite = await openPglite({ dataDir, extensions: [] });
  await pglite.exec(SETUP);
  await pglite.close();
  if (serverUrl()) {
    database = await createTestDatabase('pgpreflight_inspect');
    const db = await connectTestDatabase(database.url);
    await db.exec(SETUP);
    await db.close();
  }
}, 60_000);
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
});

describe.each([
  ['PostgreSQL server', () => database?.url, Boolean(serverUrl())],
  ['PGlite data folder', () => `pglite:${dataDir}`, true],
] as const)('pgpreflight inspect on a %s', (_label, url, available) => {
  const run = (args: string[]) => runCliProcess([...args, '--url', url()!]);
  // Without a test server, global-setup has said so in one line (and CI=true fails instead).
  const test = it.skipIf(!available);

  test('constraint: each CHECK list parsed out, with the rows holding each value', async () => {
    const result = await run(['inspect', 'constraint', 'Order', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    const byName = Object.fromEntries(json.constraints.map((c: { name: string }) => [c.name, c]));
    expect(byName.order_kind_check.allowedValues).toEqual([
      {
        column: 'kind',
        values: [
          { value: 'sale', rows: 2 },
          { value: 'return', rows: 1 },
          { value: 'gift', rows: 0 },
        ],
        nullRows: 1,
        otherValues: [],
      },
    ]);
    // varchar: PostgreSQL prints ((channel)::text = ANY ((ARRAY[…])::text[])).
    expect(byName.order_channel_check.allowedValues[0].values).toEqual([
      { value: 'web', rows: 2 },
      { value: 'shop', rows: 1 },
    ]);
    expect(byName.order_tier_check.allowedValues[0]).toMatchObject({
      values: [
        { value: 'gold', rows: 2 },
        { value: 'silver', rows: 0 },
      ],
      nullRows: 2,
    });
    expect(byName.order_qty_check.allowedValues).toBeNull();
    expect(byName.Order_pkey ?? byName.order_pkey).toBeDefined();
    expect(json.enumColumns).toEqual([
      {
        column: 'status',
        type: 'public."Status"',
        labels: {
          column: 'status',
          values: [
            { value: 'DRAFT', rows: 1 },
            { value: 'ACTIVE', rows: 3 },
            { value: 'ARCHIVED', rows: 0 },
          ],
          nullRows: 0,
          otherValues: [],
        },
      },
    ]);
    // The NOT VALID list: said so, and the row it would reject shown.
    expect(byName.order_legacy_check.validated).toBe(false);
    expect(byName.order_legacy_check.allowedValues[0].otherValues).toEqual([{ value: 'sale', rows: 1 }]);
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['check-violated-by-rows', 'constraint-not-valid']);
  });

  test('constraint NAME: only that one, as text a person reads', async () => {
    const result = await run(['inspect', 'constraint', 'Order', 'order_kind_check']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("CHECK ((kind = ANY (ARRAY['sale'::text, 'return'::text, 'gift'::text])))");
    expect(result.stdout).toMatch(/kind may be\s+rows today\n\s+sale\s+2\n\s+return\s+1\n\s+gift\s+0\n\s+NULL\s+1/);
    expect(result.stdout).not.toContain('order_channel_check');
  });

  test('table: columns, constraints, indexes and triggers', async () => {
    const result = await run(['inspect', 'table', 'public."Order"', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.what).toBe('table');
    expect(json.columns.map((c: { name: string }) => c.name)).toEqual(['id', 'kind', 'channel', 'tier', 'qty', 'status', 'legacy']);
    expect(json.indexes.map((i: { name: string }) => i.name)).toEqual(['Order_pkey']);
    expect(json.table).toMatchObject({ schema: 'public', name: 'Order', primaryKey: ['id'] });
  });

  test.each([
    [['inspect', 'constraint', 'Ordr'], 'no table Ordr on the target — did you mean Order?'],
    [['inspect', 'constraint', 'Order', 'nope'], 'no constraint nope on public.Order'],
    [['inspect', 'column', 'Order'], "argument 'what'"],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});

it('inspect without a target says how to give one', async () => {
  const result = await runCliProcess(['inspect', 'constraint', 'Order'], { cwd: os.tmpdir() });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('no target database given');
});
