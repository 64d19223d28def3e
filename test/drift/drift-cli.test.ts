import { afterAll, beforeAll, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate-config.js';
import { prismaChecksum } from '../../src/migrations/prisma/prisma-checksum.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { deployPrismaTarget, prismaApplied } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';
import { DRIFT_INIT } from './drift-fixture.js';

const EXTRA = `CREATE INDEX "Order_note_idx" ON "Order" (note);\nALTER TABLE "Order" ALTER COLUMN note SET DEFAULT 'n/a';\n`;

describeServer('pgpreflight drift and the status drift line, through the CLI', () => {
  let database: TestDatabase;
  let project: FixtureProject;
  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_drift_cli');
    const db = await connectTestDatabase(database.url);
    try {
      await deployPrismaTarget(db, { '20240101000000_init': DRIFT_INIT });
      await db.exec(EXTRA);
    } finally {
      await db.close();
    }
    project = prismaProject({ '20240101000000_init': DRIFT_INIT });
  }, 60_000);
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });
  const run = (args: readonly string[]) => runCliProcess(['drift', '--url', database.url, ...args], { cwd: project.root });

  it('exits 1 on unexpected drift; JSON has the items and schema-drift findings', async () => {
    const result = await run(['--format', 'json']);
    expect(result.code, result.stderr).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      tool: 'pgpreflight',
      schemaVersion: 1,
      command: 'drift',
      summary: { unexpected: 2, extra: 1, different: 1 },
    });
    expect(json.items.map((i: { kind: string; object: string }) => `${i.kind} ${i.object}`)).toEqual([
      'different column "Order"."note"',
      'extra index "Order_note_idx"',
    ]);
    expect(json.findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`)).toEqual([
      'schema-drift:error',
      'schema-drift:error',
    ]);
    expect(json.timings.total).toBeGreaterThan(0);
    const text = await run([]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('extra      index "Order_note_idx"');
    expect(text.stdout).toContain('adopt     CREATE INDEX "Order_note_idx" ON public."Order" USING btree (note);');
    expect(text.stdout).toContain('1 extra · 1 different — the schema has drifted from the migrations');
  }, 60_000);

  it('known drift is allowed (exit 0); an entry that matches nothing is a stale warning', async () => {
    project.write(
      'pgpreflight.config.json',
      JSON.stringify({
        drift: {
          allow: [
            { object: 'index "Order_note_idx"', reason: 'added during the March incident' },
            { object: 'column "Order".*', reason: 'the default is managed by ops' },
            { object: 'index "Order_gone_idx"', reason: 'dropped long ago' },
          ],
        },
      }),
    );
    try {
      const result = await run(['--format', 'json']);
      expect(result.code, result.stderr).toBe(0);
      const json = JSON.parse(result.stdout);
      expect(json.summary).toMatchObject({ unexpected: 0, allowed: 2, stale: 1, warnings: 1, errors: 0 });
      expect(json.items.find((i: { object: string }) => i.object === 'index "Order_note_idx"')).toMatchObject({
        allowed: true,
        reason: 'added during the March incident',
      });
      expect(json.stale).toEqual([{ object: 'index "Order_gone_idx"', reason: 'dropped long ago' }]);
      expect(json.findings.find((f: { ruleId: string }) => f.ruleId === 'drift-allowlist-stale')).toMatchObject({ severity: 'warning' });
    } finally {
      project.write('pgpreflight.config.json', '{}');
    }
  }, 60_000);

  it('--write-allowlist prints a config that parses and, saved, makes drift pass', async () => {
    const result = await run(['--write-allowlist']);
    expect(result.code, result.stderr).toBe(0);
    const config = validateConfig(JSON.parse(result.stdout), 'snippet');
    expect(config.drift?.allow?.map((a) => a.object)).toEqual(['column "Order"."note"', 'index "Order_note_idx"']);
    project.write('pgpreflight.config.json', result.stdout);
    try {
      const text = await run([]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('Known drift (drift.allow)');
      expect(text.stdout).toMatch(/allowed {3}index "Order_note_idx" — TODO: why this is accepted \(on the target, in no migration\)/);
      expect(text.stdout).toContain('no unexpected drift (2 known): the schema matches the migrations');
    } finally {
      project.write('pgpreflight.config.json', '{}');
    }
  }, 60_000);

  it('status shows one drift line; --no-drift leaves it out', async () => {
    const status = await runCliProcess(['status', '--url', database.url], { cwd: project.root });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('Drift    2 unexpected differences from the applied migrations — run pgpreflight drift');
    const json = JSON.parse((await runCliProcess(['status', '--url', database.url, '--format', 'json'], { cwd: project.root })).stdout);
    expect(json.drift).toEqual({ state: 'drift', unexpected: 2, allowed: 0, stale: 0 });
    const skipped = await runCliProcess(['status', '--url', database.url, '--no-drift'], { cwd: project.root });
    expect(skipped.stdout).not.toContain('Drift');
  }, 60_000);

  it('status says why drift was not checked, and still succeeds, when the shadow cannot be built', async () => {
    const broken = await createTestDatabase('pgpreflight_drift_cli');
    const sql = 'CREATE EXTENSION no_such_extension;\n';
    const other = prismaProject({ '20240101000000_init': sql });
    try {
      const db = await connectTestDatabase(broken.url);
      await deployPrismaTarget(db, {});
      await prismaApplied(db, '20240101000000_init', prismaChecksum(sql));
      await db.close();
      const status = await runCliProcess(['status', '--url', broken.url], { cwd: other.root });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/Drift {4}not checked: .*no_such_extension/);
    } finally {
      other.remove();
      await broken.drop();
    }
  }, 60_000);

  it('drift without a target is a usage error', async () => {
    const result = await runCliProcess(['drift'], { cwd: project.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no target database given');
  });
});
