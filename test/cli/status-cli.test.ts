import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/migrations/sha256-hex.js';
import { fixtureProject, prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { PRISMA_MIGRATIONS_DDL, prismaApplied } from '../support/prisma-history.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { runCliProcess } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

const INIT = 'CREATE TABLE item (id int PRIMARY KEY);\n';
const NEXT = 'ALTER TABLE item ADD COLUMN name text;\n';
const ANSI = /\u001b\[/;

describe('pgpreflight CLI basics', () => {
  it('--help lists the commands and the global options', async () => {
    const run = await runCliProcess(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('status');
    const status = await runCliProcess(['status', '--help']);
    expect(status.code).toBe(0);
    for (const option of ['--dir', '--url', '--env', '--config', '--format', '--output', '--no-color', '--quiet', '--debug']) {
      expect(status.stdout).toContain(option);
    }
  });

  it('--version prints the package version', async () => {
    const run = await runCliProcess(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['frobnicate'], 'unknown command'],
    [['status', '--frob'], 'unknown option'],
    [['status', '--format', 'xml'], 'Allowed choices are text, json'],
  ])('misuse %j exits 2', async (args, message) => {
    const run = await runCliProcess(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('bad input gets one line and the documented exit code', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = prismaProject({ '20240101000000_init': INIT });
  });
  afterAll(() => project?.remove());

  const oneLine = (stderr: string): void => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  };

  it.each([
    ['unreachable host', ['status', '--url', 'postgres://u@127.0.0.1:1/app'], 3, 'cannot reach PostgreSQL at u@127.0.0.1:1/app'],
    ['malformed URL', ['status', '--url', 'postgres://u@host:notaport/app'], 2, 'malformed postgres URL'],
    ['not a URL', ['status', '--url', 'localhost'], 2, 'neither a postgres:// URL'],
    ['missing --dir', ['status', '--dir', 'nope', '--url', 'postgres://u@127.0.0.1:1/x'], 2, '--dir nope: no such folder'],
    ['no target', ['status'], 2, 'no target database given'],
    ['unknown environment', ['status', '--env', 'staging'], 2, '--env staging: no such environment'],
    ['pglite folder that does not exist', ['status', '--url', 'pglite:./nowhere'], 3, 'no embedded database at'],
  ])('%s', async (_label, args, code, message) => {
    const run = await runCliProcess(args, { cwd: project.root });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain(message);
    oneLine(run.stderr);
  });

  it('an empty folder and a folder of unknown files', async () => {
    const empty = fixtureProject();
    try {
      const run = await runCliProcess(['status', '--url', 'postgres://u@127.0.0.1:1/x'], { cwd: empty.root });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no migrations found');
      empty.write('notes/readme.txt', 'hello');
      const unknown = await runCliProcess(['status', '--url', 'postgres://u@127.0.0.1:1/x'], { cwd: empty.root });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no known migration layout');
      expect(unknown.stderr).toContain('prisma/migrations/');
      oneLine(unknown.stderr);
    } finally {
      empty.remove();
    }
  });

  it('a config with a syntax error, a wrong type, an unknown setting', async () => {
    const dir = fixtureProject();
    try {
      dir.write('prisma/migrations/20240101000000_init/migration.sql', INIT);
      dir.write('pgpreflight.config.ts', "export default {\n  environments: { prod: { url: 'x' }\n};\n");
      const syntax = await runCliProcess(['status'], { cwd: dir.root });
      expect(syntax.code).toBe(2);
      expect(syntax.stderr).toMatch(/pgpreflight\.config\.ts:3:\d+: syntax error/);
      oneLine(syntax.stderr);
      dir.write('pgpreflight.config.ts', "export default { environments: { prod: { url: 42, production: 'yes' } }, migratons: {} };\n");
      const invalid = await runCliProcess(['status'], { cwd: dir.root });
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain('environments.prod.url: expected a URL string or { env: "VARIABLE_NAME" }');
      expect(invalid.stderr).toContain('environments.prod.production: expected true or false');
      expect(invalid.stderr).toContain('unknown setting "migratons"');
      oneLine(invalid.stderr);
    } finally {
      dir.remove();
    }
  });

  it('an environment whose URL variable is not set', async () => {
    const dir = prismaProject({ '20240101000000_init': INIT });
    try {
      dir.write(
        'pgpreflight.config.json',
        JSON.stringify({ environments: { production: { url: { env: 'PROD_DATABASE_URL' }, production: true } } }),
      );
      const run = await runCliProcess(['status', '--env', 'production'], { cwd: dir.root });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('environments.production.url: environment variable PROD_DATABASE_URL is not set');
    } finally {
      dir.remove();
    }
  });

  it('--format json turns an error into one JSON document on stdout too', async () => {
    const run = await runCliProcess(['status', '--format', 'json', '--url', 'postgres://u@127.0.0.1:1/app'], { cwd: project.root });
    expect(run.code).toBe(3);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ tool: 'pgpreflight', schemaVersion: 1, command: 'status', error: { code: 'DB_UNREACHABLE' } });
  });
});

describeServer('status through the CLI on a real server', () => {
  let database: TestDatabase;
  let project: FixtureProject;

  beforeAll(async () => {
    database = await createTestDatabase();
    project = prismaProject({ '20240101000000_init': INIT, '20240102000000_next': NEXT });
    const db = await connectTestDatabase(database.url);
    await db.exec(PRISMA_MIGRATIONS_DDL);
    await prismaApplied(db, '20240101000000_init', sha256Hex(INIT));
    await db.close();
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it('exits 1 with a pending migration, and shows the target without password', async () => {
    const run = await runCliProcess(['status', '--url', database.url], { cwd: project.root });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`postgres@127.0.0.1:5432/${database.name}`);
    expect(run.stdout).toMatch(/✓ applied\s+20240101000000_init/);
    expect(run.stdout).toMatch(/• pending\s+20240102000000_next/);
    expect(run.stdout).toContain('1 applied · 1 pending — not up to date');
    expect(run.stdout).not.toMatch(ANSI);
  });

  it('reads DATABASE_URL from the environment and from .env', async () => {
    const fromEnv = await runCliProcess(['status', '--quiet'], { cwd: project.root, env: { DATABASE_URL: database.url } });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stdout.trim()).toBe('not up to date: 1 pending');
    project.write('.env', `DATABASE_URL=${database.url}\n`);
    const fromDotenv = await runCliProcess(['status', '--quiet'], { cwd: project.root });
    expect(fromDotenv.stdout.trim()).toBe('not up to date: 1 pending');
    project.write('.env', '');
  });

  it('exits 0 when up to date; JSON follows the contract', async () => {
    const upToDate = prismaProject({ '20240101000000_init': INIT });
    try {
      const run = await runCliProcess(['status', '--format', 'json', '--url', database.url], { cwd: upToDate.root });
      expect(run.code).toBe(0);
      const doc = JSON.parse(run.stdout);
      expect(doc).toMatchObject({
        tool: 'pgpreflight',
        schemaVersion: 1,
        command: 'status',
        target: { host: '127.0.0.1', port: 5432, database: database.name, user: 'postgres' },
        migrations: [
          {
            id: '20240101000000_init',
            path: 'prisma/migrations/20240101000000_init/migration.sql',
            status: 'applied',
            checksum: sha256Hex(INIT),
          },
        ],
        findings: [],
        summary: { errors: 0, warnings: 0, infos: 0, pending: 0, upToDate: true },
      });
      expect(doc.timings.total).toBeGreaterThan(0);
    } finally {
      upToDate.remove();
    }
  });

  it('colours only on request: FORCE_COLOR on, NO_COLOR and --no-color off', async () => {
    const forced = await runCliProcess(['status', '--url', database.url], { cwd: project.root, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(ANSI);
    const noColor = await runCliProcess(['status', '--url', database.url], { cwd: project.root, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(ANSI);
    const flag = await runCliProcess(['status', '--url', database.url, '--no-color'], { cwd: project.root, env: { FORCE_COLOR: '1' } });
    expect(flag.stdout).not.toMatch(ANSI);
  });

  it('a database that does not exist exits 3', async () => {
    const url = new URL(database.url);
    url.pathname = '/pgpreflight_no_such_database';
    const run = await runCliProcess(['status', '--url', url.toString()], { cwd: project.root });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('database "pgpreflight_no_such_database" does not exist');
  });

  it('Ctrl-C while waiting on the target: exit 3, one message, no report file', async () => {
    // Hold a lock so the history read waits, then interrupt it.
    const { default: pg } = await import('pg');
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE _prisma_migrations IN ACCESS EXCLUSIVE MODE');
    const out = path.join(project.root, 'report.json');
    try {
      const child = spawn(
        process.execPath,
        [path.resolve('bin/pgpreflight.js'), 'status', '--url', database.url, '--format', 'json', '--output', out],
        {
          cwd: project.root,
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      await waitFor(
        async () =>
          (
            await adminQuery(
              database.url,
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pgpreflight' AND wait_event_type = 'Lock'",
            )
          ).rows[0].n > 0,
      );
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(3);
      expect(stderr).toContain('interrupted');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(project.root).filter((f) => f.includes('report'))).toEqual([]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });

  it('--dir accepts the migrations folder itself; config migrations.dir works', async () => {
    const viaDir = await runCliProcess(['status', '--quiet', '--dir', 'prisma/migrations', '--url', database.url], { cwd: project.root });
    expect(viaDir.stdout.trim()).toBe('not up to date: 1 pending');
    const other = fixtureProject();
    try {
      mkdirSync(path.join(other.root, 'node_modules'));
      symlinkSync(path.resolve('.'), path.join(other.root, 'node_modules', 'pgpreflight'));
      other.write(
        'pgpreflight.config.ts',
        `import { defineConfig } from 'pgpreflight';\nexport default defineConfig({ migrations: { dir: ${JSON.stringify(path.join(project.root, 'prisma/migrations'))}, format: 'prisma' }, environments: { dev: { url: { env: 'DEV_URL' } } } });\n`,
      );
      const viaConfig = await runCliProcess(['status', '--quiet', '--env', 'dev'], { cwd: other.root, env: { DEV_URL: database.url } });
      expect(viaConfig.stderr).toBe('');
      expect(viaConfig.stdout.trim()).toBe('not up to date: 1 pending');
    } finally {
      other.remove();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('layouts other than Prisma, end to end', () => {
  it('two layouts in one folder without --dir is a usage error naming both', async () => {
    const both = prismaProject({ '20240101000000_init': INIT });
    try {
      both.write('supabase/migrations/20240101000000_init.sql', INIT);
      const run = await runCliProcess(['status', '--url', 'postgres://u@127.0.0.1:1/x'], { cwd: both.root });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('found more than one migration layout: prisma (prisma/migrations) and supabase (supabase/migrations)');
      const chosen = await runCliProcess(['status', '--dir', 'supabase/migrations', '--url', 'postgres://u@127.0.0.1:1/x'], {
        cwd: both.root,
      });
      expect(chosen.code).toBe(3); // past layout detection, failing only on the unreachable server
    } finally {
      both.remove();
    }
  });
});

describeServer('status of Supabase and plain-SQL projects on a real server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('Supabase: applied, modified, pending, missing, and skipped files', async () => {
    const { SUPABASE_CREATE_HISTORY_DDL, SUPABASE_INSERT_HISTORY } = await import('../../src/migrations/supabase/supabase-history-sql.js');
    const { splitSupabaseStatements } = await import('../../src/migrations/supabase/split-supabase-statements.js');
    const project = fixtureProject();
    try {
      project.write('supabase/migrations/20240101000000_init.sql', INIT);
      project.write('supabase/migrations/20240102000000_next.sql', NEXT);
      project.write('supabase/migrations/20240103000000_later.sql', 'SELECT 1;\n');
      project.write('supabase/migrations/notes.sql', 'SELECT 1;\n');
      await adminQuery(database.url, SUPABASE_CREATE_HISTORY_DDL);
      await adminQuery(database.url, SUPABASE_INSERT_HISTORY, ['20240101000000', 'init', splitSupabaseStatements(INIT)]);
      await adminQuery(database.url, SUPABASE_INSERT_HISTORY, [
        '20240102000000',
        'next',
        splitSupabaseStatements('ALTER TABLE item ADD COLUMN title text;'),
      ]);
      await adminQuery(database.url, SUPABASE_INSERT_HISTORY, ['20231201000000', 'gone', ['SELECT 1']]);
      const run = await runCliProcess(['status', '--format', 'json', '--url', database.url], { cwd: project.root });
      expect(run.code).toBe(1);
      const doc = JSON.parse(run.stdout);
      expect(doc.layout).toMatchObject({ format: 'supabase', historyTable: 'supabase_migrations.schema_migrations' });
      expect(doc.migrations.map((m: { id: string; status: string }) => `${m.id}:${m.status}`)).toEqual([
        '20231201000000_gone:missing',
        '20240101000000_init:applied',
        '20240102000000_next:modified',
        '20240103000000_later:pending',
      ]);
      expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('migration-file-skipped');
    } finally {
      project.remove();
      await adminQuery(database.url, 'DROP SCHEMA supabase_migrations CASCADE');
    }
  });

  it('plain SQL: history in pgpreflight.migrations', async () => {
    const { PLAIN_SQL_HISTORY_DDL, PLAIN_SQL_INSERT_HISTORY } = await import('../../src/migrations/plain-sql/plain-sql-history-sql.js');
    const project = fixtureProject();
    try {
      project.write('db/migrations/001_init.sql', INIT);
      project.write('db/migrations/002_next.sql', NEXT);
      project.write('db/migrations/002_next.down.sql', 'ALTER TABLE item DROP COLUMN name;\n');
      await adminQuery(database.url, PLAIN_SQL_HISTORY_DDL);
      await adminQuery(database.url, PLAIN_SQL_INSERT_HISTORY, ['001_init', sha256Hex(INIT), 12]);
      const run = await runCliProcess(['status', '--url', database.url, '--dir', 'db/migrations'], { cwd: project.root });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('plain SQL · db/migrations · pgpreflight.migrations');
      expect(run.stdout).toMatch(/✓ applied\s+001_init/);
      expect(run.stdout).toMatch(/• pending\s+002_next\s*$/m);
      expect(run.stdout).not.toContain('down');
    } finally {
      project.remove();
    }
  });
});
