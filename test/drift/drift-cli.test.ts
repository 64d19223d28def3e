import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

const INIT = DRIFT_INIT;

describeServer('pgpreflight drift and the status drift line, through the CLI', () => {
  let database: TestDatabase;
  let project: FixtureProject;
  // A cache of its own: other test files building shadows meanwhile cannot evict the one status reuses.
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-drift-cache-'));
    database = await createTestDatabase('pgpreflight_drift_cli');
    const db = await connectTestDatabase(database.url);
    try {
      await deployPrismaTarget(db, { '20240101000000_init': INIT });
      await db.exec(EXTRA);
    } finally {
      await db.close();
    }
    project = prismaProject({ '20240101000000_init': INIT });
  }, 60_000);
  afterAll(async () => {
    project?.remove();
    await database?.drop();
    rmSync(cacheDir, { recursive: true, force: true });
  });
  const env = () => ({ PGPREFLIGHT_CACHE_DIR: cacheDir });
  const run = (args: readonly string[]) => runCliProcess(['drift', '--url', database.url, ...args], { cwd: project.root, env: env() });

  const status = (args: readonly string[] = []) =>
    runCliProcess(['status', '--url', database.url, ...args], { cwd: project.root, env: env() });

  it('exits 1 on unexpected drift; JSON has the items and schema-drift findings; status reuses its shadow for one line', async () => {
    // status never replays migrations itself: before any drift run it says so, and succeeds.
    const before = await status();
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('Drift    not checked: the expected schema is not built yet: run pgpreflight drift once');

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

    const after = await status();
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('Drift    2 unexpected differences from the applied migrations — run pgpreflight drift');
    expect(JSON.parse((await status(['--format', 'json'])).stdout).drift).toEqual({ state: 'drift', unexpected: 2, allowed: 0, stale: 0 });
    expect((await status(['--no-drift'])).stdout).not.toContain('Drift');
  }, 120_000);

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

  it('status says why drift was not checked, and still succeeds, when the expected schema cannot be built', async () => {
    const broken = await createTestDatabase('pgpreflight_drift_cli');
    const sql = 'CREATE EXTENSION no_such_extension;\n';
    const other = prismaProject({ '20240101000000_init': sql });
    try {
      const db = await connectTestDatabase(broken.url);
      await deployPrismaTarget(db, {});
      await prismaApplied(db, '20240101000000_init', prismaChecksum(sql));
      await db.close();
      // drift itself fails (exit 3) naming the migration; status still succeeds, saying it did not check.
      const failed = await runCliProcess(['drift', '--url', broken.url], { cwd: other.root });
      expect(failed.code).toBe(3);
      expect(failed.stderr.trim().split('\n')).toHaveLength(1);
      expect(failed.stderr).toContain('prisma/migrations/20240101000000_init/migration.sql:1: replaying on the embedded shadow failed');
      const result = await runCliProcess(['status', '--url', broken.url], { cwd: other.root });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Drift    not checked: the expected schema is not built yet');
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
