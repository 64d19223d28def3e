import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { check } from '../../src/commands/check/check.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { SqlExecutionError } from '../../src/db/sql-execution-error.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { createTestDatabase, describeServer, serverUrl, type TestDatabase } from '../support/test-database.js';
import { ROWS_SCENARIOS, type RowsScenario } from './rows-after-migration-scenarios.js';

const INIT = '20240101000000_init';
const IRREVERSIBLE = '-- pgpreflight: irreversible the scenario is about the rows the change meets, not its rollback\n';
const PROBE_RULES = ['not-null-violated-by-rows', 'check-violated-by-rows', 'unique-duplicates', 'foreign-key-orphans'];

// Issue 15 item 2: the probes count the rows as the statements before the change leave them.
describeServer('check judges the rows as the migration leaves them', () => {
  let database: TestDatabase;
  let db: DatabaseClient;
  let cacheDir: string;
  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_rows_model');
    db = await connectTestDatabase(database.url);
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-rows-model-'));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** One database for every scenario: the public schema is dropped and built again from `init`. */
  async function reset(scenario: RowsScenario): Promise<void> {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await deployPrismaTarget(db, { [INIT]: scenario.init }, scenario.seed);
    await db.exec('ANALYZE');
  }

  async function runForReal(scenario: RowsScenario): Promise<string | undefined> {
    try {
      for (const sql of scenario.pending) await db.exec(sql);
      return undefined;
    } catch (error) {
      if (error instanceof SqlExecutionError) return error.sqlState;
      throw error;
    }
  }

  it.each(ROWS_SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    await reset(scenario);
    const migrations = Object.fromEntries([
      [INIT, scenario.init],
      ...scenario.pending.map((sql, i) => [`2024020${i + 1}000000_change_${i + 1}`, `${sql}${IRREVERSIBLE}`]),
    ]);
    const project = prismaProject(migrations);
    try {
      const result = await check({ dir: project.root, url: database.url, cacheDir, shadowUrl: serverUrl()! });
      expect(result.migrations.map((m) => m.outcome)).toEqual(scenario.pending.map(() => 'checked'));
      const probed = result.findings.filter((f) => PROBE_RULES.includes(f.ruleId));
      const errors = result.findings.filter((f) => f.severity === 'error');
      if (!scenario.expect) {
        expect(probed, JSON.stringify(probed, null, 2)).toEqual([]);
        expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
      } else {
        expect(probed, JSON.stringify(result.findings, null, 2)).toHaveLength(1);
        const [finding] = probed;
        expect(finding!.ruleId).toBe(scenario.expect.rule);
        expect(finding!.severity).toBe(scenario.expect.severity);
        if (scenario.expect.severity === 'warning') expect(errors).toEqual([]);
        if (scenario.expect.count !== undefined) expect(finding!.evidence?.count).toBe(scenario.expect.count);
        if (scenario.expect.message) expect(finding!.message).toContain(scenario.expect.message);
        if (scenario.expect.samples) {
          const { column, values } = scenario.expect.samples;
          const samples = finding!.evidence?.samples as Record<string, unknown>[];
          expect(samples.map((s) => String(s[column]))).toEqual(values);
        }
        // The query a person runs lists the same rows the count was made over.
        const query = String(finding!.evidence?.query);
        const listed = await db.query(query);
        expect(listed.rows.length).toBe(
          scenario.expect.rule === 'unique-duplicates' ? finding!.evidence?.count : (finding!.evidence?.count ?? listed.rows.length),
        );
      }
      if (scenario.note) {
        const notes = result.findings.filter((f) => f.ruleId === 'probe-skipped').map((f) => f.message);
        expect(
          notes.some((m) => m.includes(scenario.note!)),
          notes.join('\n'),
        ).toBe(true);
      }
      expect(await runForReal(scenario)).toBe(scenario.fails);
    } finally {
      project.remove();
    }
  });
});
