import { chmodSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliProcess } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';
import { commitAll, committed, deployJson, prismaProject } from './deploy-fixtures.js';

const INIT = 'CREATE TABLE item (id bigint PRIMARY KEY, kind text NOT NULL);\n';
// Level 3: a CHECK added to an existing table that holds rows.
const TIGHTEN = "ALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('a', 'b'));\n";
const TIGHTEN_DOWN = 'ALTER TABLE item DROP CONSTRAINT item_kind_check;\n';
const CONFIG = {
  environments: {
    production: { url: { env: 'PROD_URL' }, production: true },
    staging: { url: { env: 'STAGING_URL' } },
  },
};

function project(extra: Record<string, string> = {}, config: object = CONFIG) {
  const p = prismaProject({ '20240101000000_init': INIT });
  p.write('pgpreflight.config.json', JSON.stringify(config));
  for (const [file, text] of Object.entries(extra)) p.write(file, text);
  return committed(p);
}

const tighten = {
  'prisma/migrations/20240301000000_tighten/migration.sql': TIGHTEN,
  'prisma/migrations/20240301000000_tighten/down.sql': TIGHTEN_DOWN,
};

describeServer('deploy on production: the guard and the gates', () => {
  let prod: TestDatabase;
  let staging: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    [prod, staging] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    env = { PROD_URL: prod.url, STAGING_URL: staging.url };
    // Both environments hold the first migration, and rows the application wrote since.
    const base = project();
    try {
      for (const target of ['staging', 'production']) {
        const { run, json } = await deployJson(base, ['--env', target, '--yes'], env);
        expect(run.code, `${target}: ${run.stdout}${run.stderr}`).toBe(0);
        expect(json.outcome).toBe('deployed');
        if (target === 'production') {
          // Production always backs up first: a verified custom-format dump in the project's folder.
          expect(json.backup.file).toMatch(/production-.*\.dump$/);
          expect(existsSync(json.backup.file)).toBe(true);
        }
      }
      await Promise.all([prod, staging].map((db) => adminQuery(db.url, "INSERT INTO item VALUES (1, 'a'), (2, 'b')")));
    } finally {
      base.remove();
    }
  }, 240_000);
  afterAll(async () => {
    await Promise.all([prod?.drop(), staging?.drop()]);
  });

  it('refuses files that are not committed, and a checkout that is not a git repository', async () => {
    const p = project();
    p.write('prisma/migrations/20240201000000_more/migration.sql', 'CREATE TABLE more (id bigint PRIMARY KEY);\n');
    p.write('prisma/migrations/20240201000000_more/down.sql', 'DROP TABLE more;\n');
    try {
      const { run, json } = await deployJson(p, ['--env', 'production', '--yes'], env);
      expect(run.code).toBe(1);
      expect(json.outcome).toBe('refused');
      const uncommitted = json.findings.filter((f: { ruleId: string }) => f.ruleId === 'deploy-uncommitted');
      expect(uncommitted.map((f: { file: string }) => f.file).sort()).toEqual([
        'prisma/migrations/20240201000000_more/down.sql',
        'prisma/migrations/20240201000000_more/migration.sql',
      ]);
      expect((await adminQuery(prod.url, "SELECT to_regclass('more') AS t")).rows[0].t).toBeNull();

      // The same files outside any repository: nothing can vouch for them.
      const { rmSync } = await import('node:fs');
      rmSync(path.join(p.root, '.git'), { recursive: true, force: true });
      const outside = await deployJson(p, ['--env', 'production', '--yes'], env);
      expect(outside.run.code).toBe(1);
      expect(outside.json.findings[0]).toMatchObject({
        ruleId: 'deploy-uncommitted',
        message: expect.stringContaining('not inside a git repository'),
      });
    } finally {
      p.remove();
    }
  }, 300_000);

  it('refuses a migration that resets the database, and one changed after production applied it', async () => {
    const p = project({ 'prisma/migrations/20240201000000_reset/migration.sql': 'DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n' });
    try {
      const reset = await deployJson(p, ['--env', 'production', '--yes'], env);
      expect(reset.run.code).toBe(1);
      expect(reset.json.findings[0]).toMatchObject({ ruleId: 'deploy-reset', line: 1, migration: '20240201000000_reset' });
    } finally {
      p.remove();
    }
    const edited = project();
    edited.write('prisma/migrations/20240101000000_init/migration.sql', `${INIT}-- edited after deploy\n`);
    commitAll(edited);
    try {
      const { run, json } = await deployJson(edited, ['--env', 'production', '--yes'], env);
      expect(run.code).toBe(1);
      expect(json.findings[0]).toMatchObject({ ruleId: 'deploy-modified-migration', migration: '20240101000000_init' });
      // Not production: the same history is a warning of check, not a refusal.
      const onStaging = await deployJson(edited, ['--env', 'staging'], env);
      expect(onStaging.json.outcome, JSON.stringify(onStaging.json.findings)).toBe('up-to-date');
    } finally {
      edited.remove();
    }
  }, 300_000);

  it('asks for the database name: --yes counts only with --env, and without a terminal the deploy stops', async () => {
    const p = project({
      'prisma/migrations/20240201000000_more/migration.sql': 'CREATE TABLE more (id bigint PRIMARY KEY);\n',
      'prisma/migrations/20240201000000_more/down.sql': 'DROP TABLE more;\n',
    });
    try {
      const noYes = await runCliProcess(['deploy', '--env', 'production'], { cwd: p.root, env });
      expect(noYes.code).toBe(2);
      expect(noYes.stderr).toMatch(/needs confirmation, and there is no terminal to ask in.*--yes --env production/);
      // The production URL pasted into --url is still production; --yes alone does not confirm it.
      const byUrl = await runCliProcess(['deploy', '--url', prod.url, '--yes'], { cwd: p.root, env });
      expect(byUrl.code).toBe(2);
      expect(byUrl.stderr).toContain('--yes alone does not confirm');
      expect((await adminQuery(prod.url, "SELECT to_regclass('more') AS t")).rows[0].t).toBeNull();
      const plan = await deployJson(p, ['--env', 'production', '--yes', '--plan'], env);
      expect(plan.run.code, plan.run.stderr).toBe(0);
      expect(plan.json.outcome).toBe('planned');
      expect(plan.json.steps.map((s: { name: string }) => s.name)).toEqual([
        'status',
        'production guard',
        'check',
        'staging rehearsal',
        'confirmation',
      ]);
      expect((await adminQuery(prod.url, "SELECT to_regclass('more') AS t")).rows[0].t).toBeNull();
    } finally {
      p.remove();
    }
  }, 300_000);

  it('level 3 on production needs a green rehearsal of the same files, with its rollback, recorded on staging', async () => {
    const p = project(tighten);
    try {
      const refused = await deployJson(p, ['--env', 'production', '--yes'], env);
      expect(refused.run.code).toBe(1);
      expect(refused.json.findings[0]).toMatchObject({ ruleId: 'deploy-needs-rehearsal', migration: '20240301000000_tighten' });
      expect(refused.json.findings[0].help).toContain('pgpreflight rehearse --env staging --record');

      // A rehearsal of another version of the file does not count.
      p.write('prisma/migrations/20240301000000_tighten/migration.sql', `${TIGHTEN}-- draft\n`);
      commitAll(p);
      const draft = await runCliProcess(['rehearse', '--env', 'staging', '--record', '--format', 'json'], { cwd: p.root, env });
      expect(draft.code, draft.stderr).toBe(0);
      p.write('prisma/migrations/20240301000000_tighten/migration.sql', TIGHTEN);
      commitAll(p);
      const stillRefused = await deployJson(p, ['--env', 'production', '--yes'], env);
      expect(stillRefused.json.findings[0]).toMatchObject({ ruleId: 'deploy-needs-rehearsal' });

      const rehearsal = await runCliProcess(['rehearse', '--env', 'staging', '--record', '--format', 'json'], { cwd: p.root, env });
      expect(rehearsal.code, rehearsal.stderr).toBe(0);
      const recorded = JSON.parse(rehearsal.stdout).recorded;
      const row = (
        await adminQuery(staging.url, 'SELECT command, environment, outcome, migrations FROM pgpreflight.runs WHERE id = $1', [recorded])
      ).rows[0];
      expect(row).toMatchObject({ command: 'rehearse', environment: 'staging', outcome: 'passed' });
      expect(row.migrations[0]).toMatchObject({ id: '20240301000000_tighten', rollback: 'passed' });
      // Rehearse wrote nothing else to staging: the migration is still pending there.
      expect(
        (await adminQuery(staging.url, "SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'item_kind_check'")).rows[0].n,
      ).toBe(0);

      const deployed = await deployJson(p, ['--env', 'production', '--yes'], env);
      expect(deployed.run.code, JSON.stringify(deployed.json.findings)).toBe(0);
      expect(deployed.json.steps.find((s: { name: string }) => s.name === 'staging rehearsal')).toMatchObject({
        status: 'passed',
        detail: expect.stringContaining(`run #${recorded} on staging`),
      });
      const runs = (
        await adminQuery(
          prod.url,
          "SELECT outcome, environment, actor FROM pgpreflight.runs WHERE command = 'deploy' ORDER BY id DESC LIMIT 1",
        )
      ).rows[0];
      expect(runs).toMatchObject({ outcome: 'passed', environment: 'production' });
    } finally {
      p.remove();
    }
  }, 300_000);

  it('refuses a production whose schema was changed without a migration, unless the config allows that drift', async () => {
    await adminQuery(prod.url, 'CREATE INDEX item_kind_by_hand ON item (kind)');
    // Production holds the level-3 migration the test before deployed: so does this checkout.
    const p = project({
      ...tighten,
      'prisma/migrations/20240201000000_more/migration.sql': 'CREATE TABLE more (id bigint PRIMARY KEY);\n',
      'prisma/migrations/20240201000000_more/down.sql': 'DROP TABLE more;\n',
    });
    try {
      const refused = await deployJson(p, ['--env', 'production', '--yes', '--plan'], env);
      expect(refused.run.code).toBe(1);
      expect(refused.json.findings[0]).toMatchObject({
        ruleId: 'deploy-schema-drift',
        message: expect.stringContaining('item_kind_by_hand'),
      });
      p.write(
        'pgpreflight.config.json',
        JSON.stringify({ ...CONFIG, drift: { allow: [{ object: 'index "item_kind_by_hand"', reason: 'hot fix during incident #7' }] } }),
      );
      commitAll(p);
      const allowed = await deployJson(p, ['--env', 'production', '--yes', '--plan'], env);
      expect(allowed.run.code, JSON.stringify(allowed.json.findings)).toBe(0);
      expect(allowed.json.steps[1]).toMatchObject({ name: 'production guard', detail: expect.stringContaining('1 known item(s) allowed') });
    } finally {
      p.remove();
      await adminQuery(prod.url, 'DROP INDEX item_kind_by_hand');
    }
  }, 300_000);

  it('a failing pg_dump stops the deploy before anything is applied', async () => {
    const p = project({
      ...tighten,
      'prisma/migrations/20240401000000_extra/migration.sql': 'CREATE TABLE extra (id bigint PRIMARY KEY);\n',
      'prisma/migrations/20240401000000_extra/down.sql': 'DROP TABLE extra;\n',
      'bin/pg_dump':
        '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 15.99"; exit 0; fi\necho "pg_dump: error: connection to server failed" >&2\nexit 1\n',
    });
    p.write('pgpreflight.config.json', JSON.stringify({ ...CONFIG, backup: { pgDump: path.join(p.root, 'bin/pg_dump') } }));
    chmodSync(path.join(p.root, 'bin/pg_dump'), 0o755);
    commitAll(p);
    try {
      const run = await runCliProcess(['deploy', '--env', 'production', '--yes'], { cwd: p.root, env });
      expect(run.code, run.stdout + run.stderr).toBe(3);
      expect(run.stderr).toMatch(/pg_dump/);
      expect((await adminQuery(prod.url, "SELECT to_regclass('extra') AS t")).rows[0].t).toBeNull();
      const backups = path.join(p.root, '.pgpreflight/backups');
      expect(existsSync(backups) ? readdirSync(backups).filter((f) => f.endsWith('.dump')) : []).toEqual([]);
    } finally {
      p.remove();
    }
  }, 300_000);
});
