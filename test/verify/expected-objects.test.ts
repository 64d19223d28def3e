import { afterAll, beforeAll, expect, it } from 'vitest';
import { verify } from '../../src/commands/verify/verify.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { createPrismaTarget } from '../support/prisma-history.js';
import { describeServer, type TestDatabase } from '../support/test-database.js';

const MIGRATIONS = {
  '20240101000000_init': `CREATE TABLE "Item" (id serial PRIMARY KEY, "practiceId" int NOT NULL, sku text NOT NULL, qty int);
CREATE UNIQUE INDEX "Item_practiceId_sku_key" ON "Item" ("practiceId", sku);
CREATE TABLE sale (id serial PRIMARY KEY, item_id int, qty int CONSTRAINT sale_qty_check CHECK (qty > 0));
CREATE INDEX sale_qty_idx ON sale (qty);
`,
  '20240201000000_fk': `ALTER TABLE sale ADD CONSTRAINT sale_item_id_fkey FOREIGN KEY (item_id) REFERENCES "Item" (id) NOT VALID;
ALTER TABLE sale VALIDATE CONSTRAINT sale_item_id_fkey;
`,
};
// Not applied on the target: what it creates is not expected there yet.
const PENDING = { '20240301000000_pending': 'CREATE INDEX sale_item_id_idx ON sale (item_id);\n' };

const TAMPERED_BY_HAND = `
ALTER TABLE sale DROP CONSTRAINT sale_qty_check;
DROP INDEX sale_qty_idx;
ALTER TABLE sale DROP CONSTRAINT sale_item_id_fkey;
ALTER TABLE sale ADD CONSTRAINT sale_item_id_fkey FOREIGN KEY (item_id) REFERENCES "Item" (id) NOT VALID;
`;

describeServer('verify: expected constraints and indexes', () => {
  let project: FixtureProject;
  let intact: TestDatabase;
  let tampered: TestDatabase;

  beforeAll(async () => {
    project = prismaProject({ ...MIGRATIONS, ...PENDING });
    [intact, tampered] = await Promise.all([
      createPrismaTarget('pgpreflight_verify_intact', MIGRATIONS),
      createPrismaTarget('pgpreflight_verify_tampered', MIGRATIONS, TAMPERED_BY_HAND),
    ]);
  });
  afterAll(async () => {
    project?.remove();
    await Promise.all([intact?.drop(), tampered?.drop()]);
  });

  it('a target deployed by its migrations, untouched, has every object they create, valid', async () => {
    const result = await verify({ dir: project.root, url: intact.url });
    expect(result.project).toMatchObject({ format: 'prisma', applied: 2, historyTable: 'public._prisma_migrations' });
    expect(result.checks.find((c) => c.id === 'expected-objects:migrations')).toMatchObject({
      outcome: 'pass',
      title: 'constraints and indexes of the 2 applied migrations',
      summary: '4 constraints and 2 indexes present and valid',
    });
    expect(result.findings).toEqual([]);
  }, 180_000); // the first run on a machine builds the shadow

  it('objects dropped or invalidated by hand are reported, each once, with the SQL that restores it', async () => {
    const result = await verify({ dir: project.root, url: tampered.url });
    const expected = result.findings.filter((f) => f.evidence?.check === 'expected-objects:migrations');
    expect(expected.map((f) => [f.ruleId, f.evidence!.name, f.help])).toEqual([
      ['expected-object-invalid', 'sale_item_id_fkey', 'ALTER TABLE "public"."sale" VALIDATE CONSTRAINT "sale_item_id_fkey";'],
      [
        'expected-object-missing',
        'sale_qty_check',
        'ALTER TABLE "public"."sale" ADD CONSTRAINT "sale_qty_check" CHECK ((qty > 0)); (add NOT VALID, then VALIDATE, on a big table)',
      ],
      ['expected-object-missing', 'sale_qty_idx', 'CREATE INDEX CONCURRENTLY sale_qty_idx ON public.sale USING btree (qty);'],
    ]);
    expect(expected[1]!.message).toBe('CHECK sale_qty_check on sale, which the applied migrations create, is missing on the target');
    // The NOT VALID foreign key is the expected-objects check's finding; the health check does not repeat it.
    expect(result.checks.find((c) => c.kind === 'constraint-not-valid')).toMatchObject({ outcome: 'pass' });
    // The pending migration's index is not expected yet.
    expect(JSON.stringify(result.findings)).not.toContain('sale_item_id_idx');
    expect(result.summary.errors).toBe(3);
  });

  it('the expected schema is cached: a second run reads no shadow', async () => {
    const result = await verify({ dir: project.root, url: intact.url });
    expect(result.shadow).toMatchObject({ fromCache: 'catalog', replayed: 2 });
    expect(result.timings.shadow).toBeLessThan(500);
  });

  it('config expect: listed constraints and indexes must exist, by name or schema.name, quoted or not', async () => {
    const result = await verify({
      url: intact.url,
      expect: {
        // Prisma's @@unique makes a unique index: listed as a constraint, it counts.
        constraints: ['sale_qty_check', 'public.sale_pkey', 'Item_practiceId_sku_key', 'Item_practiceId_sku'],
        indexes: ['"Item_practiceId_sku_key"', 'gone_idx'],
      },
    });
    expect(result.checks.find((c) => c.id === 'expected-objects:config')).toMatchObject({
      outcome: 'fail',
      summary: '2 of 6 missing',
    });
    expect(result.findings.filter((f) => f.ruleId === 'expected-object-missing').map((f) => [f.message, f.help])).toEqual([
      [
        'constraint Item_practiceId_sku, listed in expect.constraints, does not exist on the target',
        'did you mean Item_practiceId_sku_key?',
      ],
      [
        'index gone_idx, listed in expect.indexes, does not exist on the target',
        'create it (a migration), or remove it from expect.indexes if it is gone on purpose',
      ],
    ]);
  });
});
