import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/pglite-client.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { adminQuery, describeServer, serverUrl } from '../support/test-database.js';

const INIT = `CREATE TABLE schedule (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'open');
CREATE TABLE ledger (id bigserial PRIMARY KEY, kind text NOT NULL CONSTRAINT ledger_kind_check CHECK (kind IN ('sale', 'schedule')));
CREATE FUNCTION record_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger (kind) VALUES ('schedule');
  RETURN NEW;
END;
$$;
CREATE TRIGGER schedule_done AFTER UPDATE ON schedule FOR EACH ROW EXECUTE FUNCTION record_schedule();
`;
const TIGHTEN =
  "ALTER TABLE ledger DROP CONSTRAINT ledger_kind_check;\nALTER TABLE ledger ADD CONSTRAINT ledger_kind_check CHECK (kind IN ('sale'));\n";
const WORKFLOW = "INSERT INTO schedule (id) VALUES (1);\nUPDATE schedule SET status = 'done' WHERE id = 1;\n";

function project(workflows: unknown, files: Record<string, string> = {}): FixtureProject {
  const p = prismaProject({ '20240101000000_init': INIT, '20240201000000_tighten': TIGHTEN });
  p.write('pgpreflight.config.json', JSON.stringify({ workflows }));
  for (const [file, text] of Object.entries(files)) p.write(file, text);
  return p;
}

describe('pgpreflight rehearse: workflows before and after each pending migration', () => {
  let dataDir: string;
  let url: string;
  beforeAll(async () => {
    // An embedded target with init deployed: the pending migration comes from its history.
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-rehearse-target-'));
    const db = await openPglite({ dataDir, extensions: [] });
    await deployPrismaTarget(db, { '20240101000000_init': INIT });
    await db.close();
    url = `pglite:${dataDir}`;
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a workflow that passed before and fails after is an error naming both, with SQLSTATE and constraint', async () => {
    const p = project([{ name: 'complete a schedule', sql: 'workflows/complete.sql' }], { 'workflows/complete.sql': WORKFLOW });
    try {
      const run = await runCliProcess(['rehearse', '--url', url, '--format', 'json'], { cwd: p.root });
      expect(run.code, run.stderr).toBe(1);
      const json = JSON.parse(run.stdout);
      expect(json.workflows).toEqual([
        expect.objectContaining({
          name: 'complete a schedule',
          before: expect.objectContaining({ passed: true }),
          after: [
            expect.objectContaining({
              migration: '20240201000000_tighten',
              passed: false,
              sqlState: '23514',
              constraint: 'ledger_kind_check',
            }),
          ],
        }),
      ]);
      expect(json.findings).toEqual([
        expect.objectContaining({ ruleId: 'workflow-broken', severity: 'error', migration: '20240201000000_tighten' }),
      ]);
      // The target was only read: the workflow ran on the shadow.
      const text = await runCliProcess(['rehearse', '--url', url], { cwd: p.root });
      expect(text.stdout).toContain('complete a schedule  pass → FAIL');
    } finally {
      p.remove();
    }
  });

  it('a workflow given as a function in a TypeScript config', async () => {
    const p = prismaProject({ '20240101000000_init': INIT, '20240201000000_tighten': TIGHTEN });
    p.write(
      'pgpreflight.config.ts',
      `export default { workflows: [{ name: 'sale', run: async (db: { query(t: string): Promise<unknown> }) => { await db.query("INSERT INTO ledger (kind) VALUES ('sale')"); } }] };\n`,
    );
    try {
      const run = await runCliProcess(['rehearse', '--url', url, '--format', 'json'], { cwd: p.root });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).workflows[0]).toMatchObject({ name: 'sale', before: { passed: true }, after: [{ passed: true }] });
    } finally {
      p.remove();
    }
  });

  it('a workflow file that cannot be read is a one-line config error', async () => {
    const p = project([{ name: 'x', sql: 'workflows/missing.sql' }]);
    try {
      const run = await runCliProcess(['rehearse', '--url', url], { cwd: p.root });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('workflows[0].sql: workflows/missing.sql cannot be read');
    } finally {
      p.remove();
    }
  });
});

describeServer('pgpreflight rehearse on a server shadow', () => {
  it('rehearses on a scratch database and drops it', async () => {
    const before = (await adminQuery(serverUrl()!, "SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'pgpreflight_shadow_%'"))
      .rows[0].n;
    const p = project([{ name: 'complete a schedule', sql: 'workflows/complete.sql' }], { 'workflows/complete.sql': WORKFLOW });
    try {
      const run = await runCliProcess(['rehearse', '--shadow-url', serverUrl()!, '--format', 'json'], { cwd: p.root });
      expect(run.code, run.stderr).toBe(1);
      const json = JSON.parse(run.stdout);
      expect(json.shadow.kind).toBe('server');
      expect(json.findings[0]).toMatchObject({ ruleId: 'workflow-broken' });
    } finally {
      p.remove();
    }
    const after = (await adminQuery(serverUrl()!, "SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'pgpreflight_shadow_%'"))
      .rows[0].n;
    expect(after).toBe(before);
  });
});
