import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';
import { interruptCliProcess, runCliProcess } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';
import { startThrowawayServer } from '../support/throwaway-server.js';

const CANARY = 'Canary5d1cBackupPw';

const SEED = `
  CREATE TABLE item (id int PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('a', 'b', 'c')), note text);
  CREATE TABLE item_log (id bigserial PRIMARY KEY, item_id int REFERENCES item (id), at timestamptz NOT NULL DEFAULT now());
  CREATE VIEW item_kinds AS SELECT kind, count(*) FROM item GROUP BY kind;
  INSERT INTO item VALUES (1, 'a', 'first'), (2, 'b', NULL), (3, 'c', 'it''s quoted');
  INSERT INTO item_log (item_id) VALUES (1), (1), (3);
`;

function backupsIn(root: string): string[] {
  const dir = path.join(root, '.pgpreflight/backups');
  return existsSync(dir) ? readdirSync(dir) : [];
}

const rowsOf = async (url: string, table: string): Promise<unknown[]> => (await adminQuery(url, `SELECT * FROM ${table} ORDER BY id`)).rows;

describeServer('backup and restore (real pg_dump / pg_restore)', () => {
  let source: TestDatabase;
  let project: FixtureProject;
  const extra: TestDatabase[] = [];

  beforeAll(async () => {
    source = await createTestDatabase();
    await adminQuery(source.url, SEED);
    project = fixtureProject('pgpreflight-backup-');
  });
  afterAll(async () => {
    project?.remove();
    await source?.drop();
    for (const db of extra) await db.drop();
  });

  /** An executable script in the project's tools/ folder. */
  const tool = (name: string, body: string): string => {
    const file = project.write(`tools/${name}`, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  };

  it('writes a verified archive with mode 0600 under a 022 umask, and restore brings the same rows back', async () => {
    const run = await runCliProcess(['backup', '--url', source.url, '--format', 'json'], { cwd: project.root, umask: '022' });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(path.basename(result.file)).toMatch(new RegExp(`^${source.name}-\\d{8}T\\d{6}Z\\.dump$`));
    expect(path.dirname(result.file)).toBe(path.join(project.root, '.pgpreflight/backups'));
    expect(statSync(result.file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(result.file)).mode & 0o777).toBe(0o700);
    expect(result.bytes).toBe(statSync(result.file).size);
    expect(result.archive).toMatchObject({ tables: 2, tableData: 2 });
    expect(backupsIn(project.root)).toEqual([path.basename(result.file)]); // no partial file left

    const listing = execFileSync('pg_restore', ['--list', result.file]).toString();
    for (const entry of [
      'TABLE public item ',
      'TABLE DATA public item ',
      'TABLE public item_log ',
      'VIEW public item_kinds ',
      'CONSTRAINT public item item_pkey ',
    ]) {
      expect(listing).toContain(entry);
    }

    const copy = await createTestDatabase('pgpreflight_test_copy');
    extra.push(copy);
    await copy.drop(); // restore --create makes it again
    const restored = await runCliProcess(['restore', result.file, '--url', copy.url, '--create'], { cwd: project.root });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('database created');
    expect(await rowsOf(copy.url, 'item')).toEqual(await rowsOf(source.url, 'item'));
    expect(await rowsOf(copy.url, 'item_log')).toEqual(await rowsOf(source.url, 'item_log'));
    expect((await adminQuery(copy.url, 'SELECT count(*)::int AS n FROM item_kinds')).rows[0].n).toBe(3);

    // Into a database that holds tables: refused and untouched, then replaced with --clean.
    await adminQuery(copy.url, `UPDATE item SET note = 'changed since the backup'`);
    const refused = await runCliProcess(['restore', result.file, '--url', copy.url], { cwd: project.root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already holds 2 tables (public.item, public.item_log): nothing was restored');
    expect(refused.stderr).toContain('[TARGET_NOT_EMPTY]');
    expect((await rowsOf(copy.url, 'item')).every((row) => (row as { note: string }).note === 'changed since the backup')).toBe(true);
    const cleaned = await runCliProcess(['restore', result.file, '--url', copy.url, '--clean', '--format', 'json'], { cwd: project.root });
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(JSON.parse(cleaned.stdout)).toMatchObject({ cleaned: true, created: false, tablesBefore: 2, tablesAfter: 2 });
    expect(await rowsOf(copy.url, 'item')).toEqual(await rowsOf(source.url, 'item'));

    const garbage = project.write('not-a-dump.dump', 'hello');
    const invalid = await runCliProcess(['restore', garbage, '--url', copy.url, '--clean'], { cwd: project.root });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/not-a-dump\.dump: not a readable pg_dump archive: pg_restore: error: .*\[BACKUP_INVALID\]/);
  });

  it('a pg_dump that fails exits 3 with its error line and leaves no file', async () => {
    const before = backupsIn(project.root);
    const failing = tool(
      'failing-pg-dump',
      `if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 15.4"; exit 0; fi
echo "half an archive"
echo "pg_dump: error: query failed: ERROR:  permission denied for table payroll" >&2
exit 1`,
    );
    const run = await runCliProcess(['backup', '--url', source.url, '--pg-dump', failing], { cwd: project.root });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('pg_dump of ');
    expect(run.stderr).toContain('failed: pg_dump: error: query failed: ERROR:  permission denied for table payroll');
    expect(run.stderr).toContain('[BACKUP_FAILED]');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(backupsIn(project.root)).toEqual(before);

    const unreachable = await runCliProcess(['backup', '--url', 'postgres://postgres@127.0.0.1:1/nowhere'], { cwd: project.root });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('[DB_UNREACHABLE]');
    expect(backupsIn(project.root)).toEqual(before);
  });

  it('refuses a pg_dump older than the server before it runs', async () => {
    // A test double of the version only: no older pg_dump is installed here, and the refusal must
    // happen on `--version` alone — the script records it if it is ever asked to dump.
    const marker = path.join(project.root, 'old-pg-dump-ran');
    const old = tool(
      'old-pg-dump',
      `if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 9.6.0"; exit 0; fi\ntouch '${marker}'\nexit 0`,
    );
    const before = backupsIn(project.root);
    const run = await runCliProcess(['backup', '--url', source.url, '--pg-dump', old], { cwd: project.root });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /pg_dump 9\.6\.0 \(.*old-pg-dump\) is older than the server at .* \(PostgreSQL 1\d\.\d+.*\); it must be version 1\d or newer/,
    );
    expect(run.stderr).toContain('[PG_TOOL_TOO_OLD]');
    expect(existsSync(marker)).toBe(false);
    expect(backupsIn(project.root)).toEqual(before);
  });

  it('hands the password to pg_dump in its environment, never on its command line or in any output', async () => {
    const record = path.join(project.root, 'pg-dump-calls.txt');
    const realPgDump = execFileSync('sh', ['-c', 'command -v pg_dump']).toString().trim();
    // Records what `ps` would show (argv) and the names of the variables it was given.
    const wrapper = tool(
      'recording-pg-dump',
      `{ printf 'ARGV'; for a in "$0" "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; env | cut -d= -f1 | sed 's/^/ENV /'; } >> '${record}'\nexec '${realPgDump}' "$@"`,
    );
    const url = new URL(source.url);
    url.password = CANARY; // the test server trusts local connections: any password is accepted
    const run = await runCliProcess(['backup', '--url', url.toString(), '--pg-dump', wrapper, '--format', 'json'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    const calls = readFileSync(record, 'utf8');
    const argvLines = calls.split('\n').filter((line) => line.startsWith('ARGV'));
    expect(argvLines.length).toBe(2); // --version, then the dump
    expect(argvLines[1]).toMatch(/^ARGV \[.*recording-pg-dump\] \[--format=custom\] \[--no-password\] \[--lock-wait-timeout=\d+\]$/);
    expect(calls).not.toContain(CANARY);
    expect(calls).toMatch(/^ENV PGPASSWORD$/m);
    expect(calls).toMatch(/^ENV PGAPPNAME$/m);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
    expect(readFileSync(JSON.parse(run.stdout).file).includes(CANARY)).toBe(false);

    // Against a server that checks the password, the backup works only if pg_dump received it.
    const server = await startThrowawayServer(CANARY);
    if (!server) {
      console.log('⚠ cannot start a password-protected PostgreSQL here: the scram-sha-256 backup case is skipped');
      return;
    }
    try {
      const good = await runCliProcess(['backup', '--url', server.url(CANARY), '--backup-dir', 'secured'], { cwd: project.root });
      expect(good.code, good.stderr).toBe(0);
      expect(readdirSync(path.join(project.root, 'secured'))).toHaveLength(1);
      const wrong = await runCliProcess(['backup', '--url', server.url(`${CANARY}-wrong`), '--backup-dir', 'secured', '--debug'], {
        cwd: project.root,
      });
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).toContain('[DB_AUTH_FAILED]');
      expect(wrong.stdout + wrong.stderr).not.toContain(CANARY);
    } finally {
      server.stop();
    }
  });

  it('Ctrl-C while pg_dump runs: pg_dump is stopped, no file is left, exit 3', async () => {
    const own = fixtureProject('pgpreflight-backup-interrupt-');
    // pg_dump queues behind this lock for up to its lock-wait timeout: the moment to press Ctrl-C.
    const holder = new pg.Client({ connectionString: source.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE item IN ACCESS EXCLUSIVE MODE');
      const dumping = async (): Promise<boolean> =>
        (
          await adminQuery(
            source.url,
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgpreflight backup' AND wait_event_type = 'Lock'",
          )
        ).rows[0].n > 0;
      const run = await interruptCliProcess(['backup', '--url', source.url], { cwd: own.root, ready: dumping });
      expect(run.ready).toBe(true);
      expect(run.code, run.output).toBe(3);
      expect(run.output).toContain('interrupted');
      expect(backupsIn(own.root)).toEqual([]);
      // Its session ends with it (the server notices the closed connection at once).
      const deadline = Date.now() + 10_000;
      while ((await dumping()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await dumping()).toBe(false);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
      own.remove();
    }
  });

  it('refuses an embedded pglite: target with exit 2', async () => {
    const run = await runCliProcess(['backup', '--url', 'pglite:./db'], { cwd: project.root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pg_dump and pg_restore cannot reach an embedded pglite: database');
    expect(run.stderr).toContain('[TARGET_UNSUPPORTED]');
  });
});
