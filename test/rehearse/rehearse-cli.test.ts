import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/pglite-client.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { interruptCliProcess, runCliProcess } from '../support/run-cli.js';
import { leftoverScratchDatabases, runningOnScratchDatabase, scratchDatabases } from '../support/scratch-databases.js';
import { describeServer, serverUrl } from '../support/test-database.js';

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
const ROLLBACK =
  "ALTER TABLE ledger DROP CONSTRAINT ledger_kind_check;\nALTER TABLE ledger ADD CONSTRAINT ledger_kind_check CHECK (kind IN ('sale', 'schedule'));\n";
const WORKFLOW = "INSERT INTO schedule (id) VALUES (1);\nUPDATE schedule SET status = 'done' WHERE id = 1;\n";

function project(workflows: unknown, files: Record<string, string> = {}): FixtureProject {
  const p = prismaProject({ '20240101000000_init': INIT, '20240201000000_tighten': TIGHTEN });
  p.write('pgpreflight.config.json', JSON.stringify({ workflows }));
  p.write('prisma/migrations/20240201000000_tighten/down.sql', ROLLBACK);
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
      // Each statement with its duration; on the embedded shadow, no locks.
      expect(text.stdout).toMatch(/line 1\s+\d+ ms ALTER TABLE ledger DROP CONSTRAINT ledger_kind_check\n/);
      expect(text.stdout).toMatch(/line 2\s+\d+ ms ALTER TABLE ledger ADD CONSTRAINT ledger_kind_check CHECK \(…\n/);
      expect(text.stdout).toContain('locks are traced only on a server shadow (--shadow-url)');
    } finally {
      p.remove();
    }
  });

  it('a workflow given as a function in a TypeScript config', async () => {
    const p = prismaProject({ '20240101000000_init': INIT, '20240201000000_tighten': TIGHTEN });
    p.write('prisma/migrations/20240201000000_tighten/down.sql', ROLLBACK);
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
    const before = await scratchDatabases();
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
    expect(await leftoverScratchDatabases(before)).toEqual([]);
  }, 180_000);
});

describeServer('pgpreflight rehearse: scratch databases never outlive the run', () => {
  it('an applied migration the shadow cannot run: exit 3, the scratch database dropped', async () => {
    const before = await scratchDatabases();
    const p = prismaProject({ '20240101000000_init': 'SELECT 1 / 0;\n', '20240201000000_next': 'SELECT 1;\n' });
    try {
      const run = await runCliProcess(['rehearse', '--shadow-url', serverUrl()!], { cwd: p.root });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('division by zero (SQLSTATE 22012)');
    } finally {
      p.remove();
    }
    expect(await leftoverScratchDatabases(before)).toEqual([]);
  }, 180_000);

  it('Ctrl-C while a workflow runs: the scratch database dropped, exit 3, no password shown', async () => {
    const before = await scratchDatabases();
    const p = project([{ name: 'slow', sql: 'workflows/slow.sql', timeoutMs: 60_000 }], { 'workflows/slow.sql': 'SELECT pg_sleep(30);\n' });
    try {
      const url = new URL(serverUrl()!);
      url.password = 'Canary7f3b9Pw';
      // Interrupt once the workflow is running on the scratch database.
      const run = await interruptCliProcess(['rehearse', '--shadow-url', url.toString()], {
        cwd: p.root,
        ready: () => runningOnScratchDatabase('pg_sleep(30)'),
      });
      expect(run.ready).toBe(true);
      expect(run.code).toBe(3);
      expect(run.output).toContain('interrupted');
      expect(run.output).not.toContain('Canary7f3b9Pw');
      expect(await leftoverScratchDatabases(before)).toEqual([]);
    } finally {
      p.remove();
    }
  }, 180_000);
});

describe('pgpreflight rehearse: the rollback round trip', () => {
  const CHANGE = 'ALTER TABLE ledger ADD COLUMN note text;\nALTER TABLE ledger ADD COLUMN memo text;\n';
  async function rehearseWith(files: Record<string, string>, change = CHANGE) {
    const p = prismaProject({ '20240101000000_init': INIT, '20240201000000_change': change });
    for (const [file, text] of Object.entries(files)) p.write(file, text);
    try {
      const run = await runCliProcess(['rehearse', '--format', 'json'], { cwd: p.root });
      return { code: run.code, json: JSON.parse(run.stdout) };
    } finally {
      p.remove();
    }
  }
  const DOWN = 'prisma/migrations/20240201000000_change/down.sql';

  it('a rollback that undoes everything passes, there and back', async () => {
    const { code, json } = await rehearseWith({ [DOWN]: 'ALTER TABLE ledger DROP COLUMN note, DROP COLUMN memo;\n' });
    expect(code).toBe(0);
    expect(json.migrations[0].rollback).toEqual({ outcome: 'passed', rollback: DOWN, differences: [] });
  });

  it('a rollback that forgets a column is caught, object by object', async () => {
    const { code, json } = await rehearseWith({ [DOWN]: 'ALTER TABLE ledger DROP COLUMN note;\n' });
    expect(code).toBe(1);
    expect(json.migrations[0].rollback).toMatchObject({ outcome: 'failed' });
    const incomplete = json.findings.find((f: { ruleId: string }) => f.ruleId === 'rollback-incomplete');
    expect(incomplete.evidence.differences).toEqual(['adds column ledger.memo text']);
    // The migration then fails to apply again: memo already exists.
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('rollback-reapply-fails');
  });

  it('a rollback that does not run is an error with its SQLSTATE', async () => {
    const { json } = await rehearseWith({ [DOWN]: 'ALTER TABLE ledger DROP COLUMN nope;\n' });
    expect(json.findings.find((f: { ruleId: string }) => f.ruleId === 'rollback-fails').evidence.sqlState).toBe('42703');
  });

  it('no rollback: a warning by default; an error once the project requires rollbacks, unless declared irreversible', async () => {
    const missing = await rehearseWith({});
    expect(missing.code).toBe(0);
    expect(missing.json.findings[0]).toMatchObject({
      ruleId: 'rollback-missing',
      severity: 'warning',
      help: expect.stringContaining('pgpreflight rollback generate 20240201000000_change'),
      evidence: { expected: DOWN, level: 2 },
    });
    const policy = { 'pgpreflight.config.json': JSON.stringify({ policy: { rollbacks: 'required' } }) };
    const required = await rehearseWith(policy);
    expect(required.code).toBe(1);
    expect(required.json.findings[0]).toMatchObject({ ruleId: 'rollback-missing', severity: 'error' });
    const declared = await rehearseWith(
      policy,
      `-- pgpreflight: irreversible the columns are filled by a backfill we cannot undo\n${CHANGE}`,
    );
    expect(declared.code).toBe(0);
    expect(declared.json.migrations[0].rollback).toEqual({
      outcome: 'irreversible',
      reason: 'the columns are filled by a backfill we cannot undo',
    });
  }, 120_000);
});

describe('pgpreflight rehearse: table rewrites', () => {
  it('ADD COLUMN … DEFAULT clock_timestamp() rewrites the table; a nullable column does not', async () => {
    const p = prismaProject({
      '20240101000000_init': INIT,
      '20240201000000_plain': 'ALTER TABLE ledger ADD COLUMN note text;\n',
      '20240301000000_volatile': 'ALTER TABLE ledger ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();\n',
    });
    try {
      const run = await runCliProcess(['rehearse', '--latest', '2', '--format', 'json'], { cwd: p.root });
      const json = JSON.parse(run.stdout);
      expect(json.migrations.map((m: { id: string; rewrites: string[] }) => [m.id, m.rewrites])).toEqual([
        ['20240201000000_plain', []],
        ['20240301000000_volatile', ['public.ledger']],
      ]);
      expect(json.findings.filter((f: { ruleId: string }) => f.ruleId === 'table-rewritten')).toEqual([
        expect.objectContaining({ ruleId: 'table-rewritten', migration: '20240301000000_volatile', severity: 'warning' }),
      ]);
      // Per statement, as deploy runs them: durations and rewrites; locks need a server shadow.
      expect(json.migrations[1].statements).toEqual([
        {
          line: 1,
          sql: 'ALTER TABLE ledger ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp()',
          transaction: 'migration',
          outcome: 'applied',
          ms: expect.any(Number),
          rewrites: ['public.ledger'],
        },
      ]);
      expect(json.locks).toEqual({ traced: false, how: expect.stringContaining('locks are traced only on a server shadow') });
    } finally {
      p.remove();
    }
  });
});

describeServer('pgpreflight rehearse: locks traced on a server shadow', () => {
  it('ACCESS EXCLUSIVE and a rewrite for a volatile default; SHARE UPDATE EXCLUSIVE for an index built concurrently, outside the transaction', async () => {
    const p = prismaProject({
      // Enough rows that building the index takes a while, as on a real table.
      '20240101000000_init': `${INIT}INSERT INTO ledger (kind) SELECT 'sale' FROM generate_series(1, 50000);\n`,
      '20240201000000_change': [
        'ALTER TABLE ledger ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();',
        "UPDATE ledger SET kind = 'sale' WHERE id = 1;",
        'CREATE INDEX CONCURRENTLY ledger_kind_idx ON ledger (kind);',
        '',
      ].join('\n'),
    });
    try {
      const run = await runCliProcess(['rehearse', '--shadow-url', serverUrl()!, '--format', 'json'], { cwd: p.root });
      expect(run.code, run.stderr).toBe(0);
      const json = JSON.parse(run.stdout);
      expect(json.locks.traced).toBe(true);
      const [alter, update, index] = json.migrations[0].statements;
      expect(alter).toMatchObject({ line: 1, transaction: 'migration', rewrites: ['public.ledger'] });
      const exclusive = alter.locks.find(
        (l: { relation: string; mode: string }) => l.relation === 'public.ledger' && l.mode === 'ACCESS EXCLUSIVE',
      );
      expect(exclusive).toMatchObject({ kind: 'table', seenBy: 'statement-end' });
      // Kept until COMMIT: through the UPDATE after it.
      expect(exclusive.heldMs).toBeGreaterThanOrEqual(alter.ms + update.ms);
      expect(update).toMatchObject({ line: 2, transaction: 'migration', rewrites: [] });
      expect(index).toMatchObject({ line: 3, transaction: 'alone', aloneBecause: 'CREATE INDEX CONCURRENTLY', rewrites: [] });
      expect(index.locks).toContainEqual(
        expect.objectContaining({ relation: 'public.ledger', kind: 'table', mode: 'SHARE UPDATE EXCLUSIVE', seenBy: 'sampling' }),
      );
      expect(index.locks.map((l: { mode: string }) => l.mode)).not.toContain('ACCESS EXCLUSIVE');
      const text = await runCliProcess(['rehearse', '--shadow-url', serverUrl()!], { cwd: p.root });
      expect(text.stdout).toMatch(/line 1 .*ACCESS EXCLUSIVE public\.ledger \(held \d+ ms\)  rewrites public\.ledger/);
      expect(text.stdout).toMatch(/line 3 .*alone \(CREATE INDEX CONCURRENTLY\)  SHARE UPDATE EXCLUSIVE public\.ledger/);
    } finally {
      p.remove();
    }
  });
});
