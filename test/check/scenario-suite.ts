import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/commands/check/check.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { openPglite } from '../../src/db/pglite-client.js';
import { SqlExecutionError } from '../../src/db/sql-execution-error.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { createTestDatabase, describeServer, serverUrl } from '../support/test-database.js';
import type { Scenario } from './scenarios.js';

const INIT = '20240101000000_init';
const PENDING = '20240201000000_change';
// These scenarios are about the rows and code a change breaks; its rollback is tested in test/rehearse.

/** The target as a deploy left it: `init` applied and recorded as Prisma records it, then the seed. */
async function prepareTarget(db: DatabaseClient, scenario: Scenario): Promise<void> {
  await deployPrismaTarget(db, { [INIT]: scenario.init }, scenario.seed);
}

/**
 * Runs the pending migration for real and returns the SQLSTATE it fails with; with `act`, the
 * migration must succeed and the SQLSTATE is the one the write after it fails with.
 */
async function applyForReal(db: DatabaseClient, scenario: Scenario): Promise<string | undefined> {
  try {
    await db.exec(scenario.pending);
    if (scenario.act) await db.exec(scenario.act);
    return undefined;
  } catch (error) {
    if (error instanceof SqlExecutionError) return error.sqlState;
    throw error;
  }
}

async function expectCheck(scenario: Scenario, url: string, cacheDir: string, shadowUrl?: string): Promise<void> {
  const project = prismaProject({ [INIT]: scenario.init, [PENDING]: `${scenario.pending.replace(/\n?$/, '\n')}` });
  for (const [file, text] of Object.entries(scenario.files ?? {})) project.write(file, text);
  try {
    const result = await check({ dir: project.root, url, cacheDir, ...(shadowUrl ? { shadowUrl } : {}) });
    expect(result.migrations.map((m) => m.id)).toEqual([PENDING]);
    expect(result.migrations[0]!.outcome).toBe('checked');
    expect(result.probes.ran).toBe(true);
    const found = result.findings.filter((f) => f.ruleId === scenario.rule);
    if (scenario.sqlState) {
      expect(found, JSON.stringify(result.findings, null, 2)).toHaveLength(1);
      expect(found[0]!.severity).toBe(scenario.severity ?? 'error');
      expect(found[0]!.migration).toBe(PENDING);
      if (scenario.count !== undefined) {
        expect(found[0]!.evidence?.count).toBe(scenario.count);
        expect((found[0]!.evidence?.samples as unknown[]).length).toBeGreaterThan(0);
      }
      if (scenario.message) expect(found[0]!.message).toContain(scenario.message);
      if (scenario.sample) expect(found[0]!.evidence?.samples).toContainEqual(expect.objectContaining(scenario.sample));
      if (scenario.severity === 'warning') expect(result.summary.errors, JSON.stringify(result.findings, null, 2)).toBe(0);
      else expect(result.summary.errors).toBeGreaterThan(0);
    } else {
      expect(
        found.filter((f) => f.severity === 'error'),
        JSON.stringify(found, null, 2),
      ).toEqual([]);
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
      for (const rule of scenario.warnings ?? []) {
        expect(result.findings.filter((f) => f.ruleId === rule && f.severity === 'warning').length, rule).toBeGreaterThan(0);
      }
      for (const rule of scenario.notices ?? []) {
        const notices = result.findings.filter((f) => f.ruleId === rule);
        expect(notices.length, rule).toBeGreaterThan(0);
        expect(
          notices.every((f) => f.severity === 'info'),
          JSON.stringify(notices, null, 2),
        ).toBe(true);
      }
    }
  } finally {
    project.remove();
  }
}

export interface SuiteOptions {
  /** Names of the scenarios also run on an embedded PGlite target (default all): PGlite costs ~5 s a scenario. */
  readonly embedded?: readonly string[];
}

/**
 * Each scenario on a fresh database of the real server (server shadow) and on an embedded PGlite
 * target (embedded shadow): `check` must report it before deploy, then the migration (and the write
 * after it) run for real must fail with the SQLSTATE `check` predicted — or, for a clean twin, succeed.
 */
export function scenarioSuite(title: string, scenarios: readonly Scenario[], options: SuiteOptions = {}): void {
  const embedded = options.embedded ? scenarios.filter((s) => options.embedded!.includes(s.name)) : scenarios;
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-check-cache-'));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  describeServer(`${title} (PostgreSQL server)`, () => {
    it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
      const database = await createTestDatabase('pgpreflight_check');
      const db = await connectTestDatabase(database.url);
      try {
        await prepareTarget(db, scenario);
        // A server target gets a server shadow (as a team with extensions PGlite lacks runs it); the
        // embedded shadow is the PGlite half's.
        await expectCheck(scenario, database.url, cacheDir, serverUrl()!);
        // Only now run it for real: the failure check predicted.
        expect(await applyForReal(db, scenario)).toBe(scenario.sqlState);
      } finally {
        await db.close();
        await database.drop();
      }
    });
  });

  describe(`${title} (embedded PGlite target)`, () => {
    let template: string;
    beforeAll(async () => {
      // initdb once; each scenario copies the empty cluster.
      template = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-check-template-'));
      await (await openPglite({ dataDir: template, extensions: [] })).close();
    });
    afterAll(() => rmSync(template, { recursive: true, force: true }));

    it.each(embedded.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-check-target-'));
      try {
        cpSync(template, dataDir, { recursive: true });
        const setup = await openPglite({ dataDir, extensions: [] });
        await prepareTarget(setup, scenario);
        await setup.close();
        await expectCheck(scenario, `pglite:${dataDir}`, cacheDir);
        const db = await openPglite({ dataDir, extensions: [] });
        try {
          expect(await applyForReal(db, scenario)).toBe(scenario.sqlState);
        } finally {
          await db.close();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
