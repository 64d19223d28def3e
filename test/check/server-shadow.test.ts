import { afterAll, beforeAll, expect, it } from 'vitest';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { interruptCliProcess, runCliProcess } from '../support/run-cli.js';
import { leftoverScratchDatabases, runningOnScratchDatabase, scratchDatabases } from '../support/scratch-databases.js';
import { describeServer, serverUrl } from '../support/test-database.js';

describeServer('check --shadow-url: a scratch database on a real server', () => {
  let project: FixtureProject;
  let before: string[];
  beforeAll(async () => {
    before = await scratchDatabases();
    project = prismaProject({
      '20240101000000_init': 'CREATE TABLE item (id bigint PRIMARY KEY);\n',
      // postgres_fdw ships with the server, not with the embedded shadow (PGlite).
      '20240201000000_fdw': 'CREATE EXTENSION IF NOT EXISTS postgres_fdw;\n',
    });
    project.write('prisma/migrations/20240201000000_fdw/down.sql', 'DROP EXTENSION postgres_fdw;\n');
  });
  afterAll(() => project?.remove());

  it('checks what the embedded shadow cannot run, and drops the scratch database', async () => {
    const embedded = JSON.parse((await runCliProcess(['check', '--format', 'json'], { cwd: project.root })).stdout);
    expect(embedded.findings[0]).toMatchObject({ ruleId: 'migration-fails-on-shadow', severity: 'warning' });

    const run = await runCliProcess(['check', '--format', 'json', '--shadow-url', serverUrl()!], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.shadow).toMatchObject({ kind: 'server', replayed: 1 });
    expect(json.shadow.database).toMatch(/^pgpreflight_shadow_[0-9a-f]{10}$/);
    expect(json.migrations[0]).toMatchObject({ outcome: 'checked', level: 2 });
    expect(await leftoverScratchDatabases(before)).toEqual([]);
  }, 180_000);

  it('refuses to use the target itself as the shadow', async () => {
    const run = await runCliProcess(['check', '--url', serverUrl()!, '--shadow-url', serverUrl()!], { cwd: project.root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--shadow-url names the target database itself');
  });

  it('Ctrl-C while the shadow is being built drops the scratch database, exit 3, no password shown', async () => {
    const slow = prismaProject({
      '20240101000000_slow': 'SELECT pg_sleep(20);\nCREATE TABLE item (id bigint PRIMARY KEY);\n',
      '20240201000000_next': 'ALTER TABLE item ADD COLUMN note text;\n',
    });
    try {
      const url = new URL(serverUrl()!);
      url.password = 'Canary7f3b9Pw';
      // Interrupt once the slow migration runs on the scratch database.
      const run = await interruptCliProcess(['check', '--shadow-url', url.toString()], {
        cwd: slow.root,
        ready: () => runningOnScratchDatabase('pg_sleep(20)'),
      });
      expect(run.ready).toBe(true);
      expect(run.code).toBe(3);
      expect(run.output).toContain('interrupted');
      expect(run.output).not.toContain('Canary7f3b9Pw');
      expect(await leftoverScratchDatabases(before)).toEqual([]);
    } finally {
      slow.remove();
    }
  }, 180_000);
});
