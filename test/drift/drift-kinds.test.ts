import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drift } from '../../src/commands/drift/drift.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { openPglite } from '../../src/db/pglite-client.js';
import type { DriftItem } from '../../src/report/drift-result.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';
import { DRIFT_INIT, HAND_CHANGES } from './drift-fixture.js';

/** How the expected schema should read each hand-made change, and what brings it back. */
function expectEveryKind(items: readonly DriftItem[]): void {
  const byObject = new Map(items.map((item) => [item.object, item]));
  expect([...byObject.keys()].sort()).toEqual(
    [
      'column "Order"."amount"',
      'column "Order"."note"',
      'constraint "Order_amount_check" on "Order"',
      'enum "Status"',
      'function "order_total"()',
      'index "Order_note_idx"',
    ].sort(),
  );
  expect(byObject.get('index "Order_note_idx"')).toMatchObject({
    kind: 'extra',
    expected: null,
    actual: 'CREATE INDEX "Order_note_idx" ON public."Order" USING btree (note)',
    remediation: ['DROP INDEX "public"."Order_note_idx";'],
    adopt: ['CREATE INDEX "Order_note_idx" ON public."Order" USING btree (note);'],
    allowed: false,
  });
  expect(byObject.get('constraint "Order_amount_check" on "Order"')).toMatchObject({
    kind: 'missing',
    expected: 'CHECK ((amount > 0))',
    actual: null,
    remediation: ['ALTER TABLE "public"."Order" ADD CONSTRAINT "Order_amount_check" CHECK ((amount > 0));'],
  });
  expect(byObject.get('column "Order"."note"')).toMatchObject({
    kind: 'different',
    expected: "text DEFAULT 'none'::text",
    actual: "text DEFAULT 'n/a'::text",
    remediation: [`ALTER TABLE "public"."Order" ALTER COLUMN "note" SET DEFAULT 'none'::text;`],
  });
  expect(byObject.get('column "Order"."amount"')).toMatchObject({
    kind: 'different',
    expected: 'integer NOT NULL',
    actual: 'bigint NOT NULL',
    remediation: ['ALTER TABLE "public"."Order" ALTER COLUMN "amount" TYPE integer USING "amount"::integer;'],
  });
  const fn = byObject.get('function "order_total"()')!;
  expect(fn.kind).toBe('different');
  expect(fn.expected).toMatch(/^order_total\(\) RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY INVOKER body sha256:[0-9a-f]{12}$/);
  expect(fn.actual).not.toBe(fn.expected);
  expect(fn.remediation.join('\n')).toContain('AS $function$ BEGIN RETURN 1; END $function$;');
  const type = byObject.get('enum "Status"')!;
  expect(type).toMatchObject({ kind: 'different', expected: "('open', 'done')", actual: "('open', 'done', 'lost')" });
  // PostgreSQL cannot drop a label: the type is rewritten and the column converted.
  expect(type.remediation).toEqual(
    expect.arrayContaining([
      `CREATE TYPE "public"."Status_new" AS ENUM ('open', 'done');`,
      `ALTER TABLE "public"."Order" ALTER COLUMN "status" TYPE "public"."Status_new" USING "status"::text::"public"."Status_new";`,
      'DROP TYPE "public"."Status";',
      `ALTER TYPE "public"."Status_new" RENAME TO "Status";`,
    ]),
  );
}

function driftSuite(label: string, open: () => Promise<{ url: string; connect(): Promise<DatabaseClient>; drop(): Promise<void> }>): void {
  describe(`drift finds each kind made by hand, and its remediation makes it clean (${label})`, () => {
    let project: FixtureProject;
    let target: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      project = prismaProject({ '20240101000000_init': DRIFT_INIT });
      target = await open();
      const db = await target.connect();
      try {
        await deployPrismaTarget(db, { '20240101000000_init': DRIFT_INIT }, `INSERT INTO "Order" (amount) VALUES (3), (4);`);
        await db.exec(HAND_CHANGES);
      } finally {
        await db.close();
      }
    }, 120_000);
    afterAll(async () => {
      project?.remove();
      await target?.drop();
    });

    it('lists every item with expected, actual and SQL; applied, the SQL leaves no drift', async () => {
      const result = await drift({ dir: project.root, url: target.url });
      expectEveryKind(result.items);
      expect(result.summary).toMatchObject({ unexpected: 6, missing: 1, extra: 1, different: 4, errors: 6 });
      expect(result.findings.every((f) => f.ruleId === 'schema-drift' && f.severity === 'error')).toBe(true);
      expect(result.expected).toEqual({ migrations: 1, through: '20240101000000_init' });

      const db = await target.connect();
      try {
        await db.exec(result.remediation.join('\n'));
      } finally {
        await db.close();
      }
      const after = await drift({ dir: project.root, url: target.url });
      expect(after.items).toEqual([]);
      expect(after.summary.unexpected).toBe(0);
    }, 120_000);
  });
}

describeServer('on a PostgreSQL 15 target', () => {
  driftSuite('server target, embedded shadow', async () => {
    const database: TestDatabase = await createTestDatabase('pgpreflight_drift');
    return { url: database.url, connect: () => connectTestDatabase(database.url), drop: () => database.drop() };
  });
});

driftSuite('PGlite target, embedded shadow', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-drift-target-'));
  return {
    url: `pglite:${dataDir}`,
    connect: () => openPglite({ dataDir, extensions: [] }),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});
