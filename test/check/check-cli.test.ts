import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

const INIT = 'CREATE TABLE item (id bigint PRIMARY KEY, kind text);\n';
const SEED = "INSERT INTO item VALUES (1, 'sale'), (2, 'gift'), (3, 'gift');";
const TIGHTEN =
  "-- only sales and returns from now on\nALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('sale', 'return'));\n";

describeServer('pgpreflight check on a real server (CLI)', () => {
  let database: TestDatabase;
  let project: FixtureProject;

  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_check_cli');
    project = prismaProject({ '20240101000000_init': INIT, '20240201000000_tighten': TIGHTEN });
    project.write('prisma/migrations/20240201000000_tighten/down.sql', 'ALTER TABLE item DROP CONSTRAINT item_kind_check;\n');
    const db = await connectTestDatabase(database.url);
    try {
      await deployPrismaTarget(db, { '20240101000000_init': INIT }, SEED);
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it('names the rows that break the pending migration, with proof, and exits 1', async () => {
    const run = await runCliProcess(['check', '--url', database.url], { cwd: project.root });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('20240201000000_tighten  level 3');
    expect(run.stdout).toContain('adds CHECK item_kind_check');
    expect(run.stdout).toMatch(/check-violated-by-rows .*migration\.sql:2:1/);
    expect(run.stdout).toContain('2 rows in item violate CHECK item_kind_check');
    // The sample rows: primary key and the column involved.
    expect(run.stdout).toMatch(/id\s+kind\n\s+2\s+gift\n\s+3\s+gift/);
    expect(run.stdout).toContain('must not ship as it is');
  });

  it('JSON: the SPEC contract, with evidence a machine can act on', async () => {
    const run = await runCliProcess(['check', '--url', database.url, '--format', 'json'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.command).toBe('check');
    expect(result.migrations).toHaveLength(1);
    expect(result.migrations[0]).toMatchObject({ id: '20240201000000_tighten', outcome: 'checked', level: 3 });
    const finding = result.findings.find((f: { ruleId: string }) => f.ruleId === 'check-violated-by-rows');
    expect(finding).toMatchObject({ severity: 'error', migration: '20240201000000_tighten', line: 2 });
    expect(finding.evidence.count).toBe(2);
    expect(finding.evidence.samples).toEqual([
      { id: '2', kind: 'gift' },
      { id: '3', kind: 'gift' },
    ]);
    expect(finding.evidence.query).toBe(
      `SELECT "id", "kind" FROM "public"."item" WHERE ((kind = ANY (ARRAY['sale'::text, 'return'::text]))) IS FALSE`,
    );
    expect(result.summary).toMatchObject({ errors: 1, pending: 1, level: 3 });
    expect(result.probes).toEqual({ ran: true, count: 1 });
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['total', 'shadow', 'apply', 'probes']));
  });

  it('--quiet prints one line', async () => {
    const run = await runCliProcess(['check', '--url', database.url, '--quiet'], { cwd: project.root });
    expect(run.code).toBe(1);
    // The CHECK added without NOT VALID and without lock_timeout: two lint warnings beside the error.
    expect(run.stdout.trim()).toBe('1 errors, 2 warnings in 1 pending migration(s), level 3');
  });

  it('a name that is not pending is a usage error', async () => {
    const run = await runCliProcess(['check', '20240101000000_init', '--url', database.url], { cwd: project.root });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('already applied on the target');
  });
});

describe('pgpreflight check without a database (CLI)', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = prismaProject({
      '20240101000000_init': "CREATE TABLE item (id bigint PRIMARY KEY, kind text CHECK (kind IN ('sale', 'gift')));\n",
      '20240201000000_tighten': [
        'ALTER TABLE item DROP CONSTRAINT item_kind_check;',
        "ALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('sale', 'return'));",
        '',
      ].join('\n'),
    });
    project.write(
      'prisma/migrations/20240201000000_tighten/down.sql',
      "ALTER TABLE item DROP CONSTRAINT item_kind_check;\nALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('sale', 'gift'));\n",
    );
  });
  afterAll(() => project?.remove());

  it('checks the newest migration on the shadow alone and says the probes were skipped', async () => {
    const run = await runCliProcess(['check'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Target   none — data probes skipped');
    expect(run.stdout).toContain("no longer allows 'gift' in item.kind (adds 'return')");
    expect(run.stdout).toContain('Data probes skipped: no target was given');
    const json = JSON.parse((await runCliProcess(['check', '--format', 'json'], { cwd: project.root })).stdout);
    expect(json.target).toBeNull();
    expect(json.probes.ran).toBe(false);
    expect(json.basis).toBe('latest');
    const removed = json.findings.find((f: { ruleId: string }) => f.ruleId === 'check-values-removed');
    expect(removed.evidence).toMatchObject({ removed: ['gift'], added: ['return'], column: 'kind' });
    // The lint rules run too: two ALTERs on one table, a CHECK validated under an ACCESS EXCLUSIVE lock, no lock_timeout.
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual([
      'check-values-removed',
      'combine-alter-table',
      'constraint-without-not-valid',
      'require-lock-timeout',
    ]);
  });

  it('a migration PostgreSQL rejects is a finding with its SQLSTATE and line', async () => {
    const broken = prismaProject({
      '20240101000000_init': 'CREATE TABLE item (id bigint PRIMARY KEY);\n',
      '20240201000000_broken': '-- typo in the table name\n\nALTER TABLE itme ADD COLUMN note text;\n',
    });
    try {
      const run = await runCliProcess(['check', '--format', 'json'], { cwd: broken.root });
      expect(run.code).toBe(1);
      const json = JSON.parse(run.stdout);
      expect(json.migrations[0]).toMatchObject({ outcome: 'fails-on-shadow', level: null });
      expect(json.findings[0]).toMatchObject({ ruleId: 'migration-fails-on-shadow', severity: 'error', line: 3 });
      expect(json.findings[0].evidence.sqlState).toBe('42P01');
      expect(json.findings[0].evidence.statement).toBe('ALTER TABLE itme ADD COLUMN note text');
    } finally {
      broken.remove();
    }
  });

  it('malformed SQL is a syntax-error finding and the migrations after it are not checked', async () => {
    const broken = prismaProject({
      '20240101000000_init': 'CREATE TABLE item (id bigint PRIMARY KEY);\n',
      '20240201000000_typo': 'ALTER TABLE item ADD COLUM note text;\n',
      '20240301000000_next': 'ALTER TABLE item ADD COLUMN other text;\n',
    });
    try {
      const run = await runCliProcess(['check', '--latest', '2', '--format', 'json'], { cwd: broken.root });
      expect(run.code).toBe(1);
      const json = JSON.parse(run.stdout);
      expect(json.migrations.map((m: { outcome: string }) => m.outcome)).toEqual(['fails-on-shadow', 'not-checked']);
      expect(json.findings[0]).toMatchObject({ ruleId: 'syntax-error', line: 1 });
    } finally {
      broken.remove();
    }
  });

  it.each([
    [['check', '--latest', '0'], '--latest 0: expected a whole number of at least 1'],
    [['check', 'nope'], 'no migration named nope'],
    [['check', '--probe-timeout', 'soon'], '--probe-timeout soon'],
    [['check', '--dir', 'missing-folder'], 'missing-folder'],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const run = await runCliProcess(args, { cwd: project.root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});

describe('npm run demo', () => {
  it('reports the removed value and the trigger that still writes it, with no server', () => {
    const repo = path.resolve(import.meta.dirname, '../..');
    const run = spawnSync(process.execPath, ['examples/physical-count/run-demo.mjs'], { cwd: repo, encoding: 'utf8', timeout: 240_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('• pending     20251104000000_physical_count');
    expect(run.stdout).toContain(
      "CHECK inventory_transactions_reference_type_check no longer allows 'member_program_item_schedule' in inventory_transactions.reference_type",
    );
    expect(run.stdout).toContain('20251104000000_physical_count  level 3');
    // The writer analysis names the trigger function, its line and its trigger.
    expect(run.stdout).toContain(
      "record_schedule_consumption() line 4 inserts 'member_program_item_schedule' into inventory_transactions.reference_type; the new CHECK inventory_transactions_reference_type_check rejects it (SQLSTATE 23514); fired by trigger schedule_consumption AFTER UPDATE ON member_program_item_schedule",
    );
    expect(run.stdout).toContain('(exit code 1');
    // And rehearse: the "mark schedule item completed" workflow passes before and fails after.
    expect(run.stdout).toContain('mark schedule item completed  pass → FAIL');
    expect(run.stdout).toContain('violates check constraint "inventory_transactions_reference_type_check" (SQLSTATE 23514');
    // Deploy refuses it; forced past the gate, it breaks the workflow and rolls itself back.
    expect(run.stdout).toContain('refused: nothing was applied');
    expect(run.stdout).toContain('rolled back: the deploy broke something and its migrations were undone');
    const written = /Incident report written: (examples\/physical-count\/docs\/HOTFIX-\d{8}-physical-count\.md)/.exec(run.stdout);
    expect(written).not.toBeNull();
    // The report says what broke and that the gate had seen it coming: the finding and its acceptance.
    const report = readFileSync(path.join(repo, written![1]!), 'utf8');
    expect(report).toContain(
      'After `20251104000000_physical_count` was applied, the critical workflow "mark schedule item completed" failed: PostgreSQL rejected its write with SQLSTATE 23514',
    );
    expect(report).toContain('| Failing statement | a write of the workflow "mark schedule item completed", after the migration applied |');
    expect(report).toContain('Reported by `check` before the deploy and accepted past its gate (`--accept`):');
    expect(report).toMatch(
      /`check-rejects-trigger-write`.*record_schedule_consumption\(\) line 4.* — accepted: “the demo forces it past the gate”/,
    );
    expect(report).toContain(
      'The check gate stopped this change and was overridden: `check-rejects-trigger-write` accepted with `--accept`.',
    );
  }, 240_000);
});
