import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backup } from '../../src/index.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';
import { runCliProcess, type CliRun } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/pgpreflight.js');

/**
 * The CLI in a pseudo-terminal (util-linux `script`), so it sees a TTY on stdin and asks; `answer`
 * is typed once the prompt is there.
 */
function runInTerminal(args: readonly string[], cwd: string, env: Record<string, string>, answer: string): Promise<CliRun> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, TERM: 'dumb', ...env },
    });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (!typed && output.includes('to confirm: ')) {
        typed = true;
        child.stdin.write(`${answer}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: output, stderr: '' }));
  });
}

const tableCount = async (url: string): Promise<number> =>
  (await adminQuery(url, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n;

describeServer('restore into production needs the typed confirmation (src/cli/confirm-production.ts)', () => {
  let source: TestDatabase;
  let production: TestDatabase;
  let project: FixtureProject;
  let file: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    [source, production] = await Promise.all([createTestDatabase(), createTestDatabase('pgpreflight_test_prod')]);
    await adminQuery(source.url, `CREATE TABLE item (id int PRIMARY KEY); INSERT INTO item VALUES (1), (2);`);
    project = fixtureProject('pgpreflight-restore-');
    project.write(
      'pgpreflight.config.json',
      JSON.stringify({
        environments: { production: { url: { env: 'PROD_URL' }, production: true }, local: { url: { env: 'LOCAL_URL' } } },
      }),
    );
    env = { PROD_URL: production.url, LOCAL_URL: source.url };
    file = (await backup({ url: source.url, projectRoot: project.root })).file;
  });
  afterAll(async () => {
    project?.remove();
    await Promise.all([source?.drop(), production?.drop()]);
  });

  it('refuses without a terminal and without --yes, saying what to pass', async () => {
    const run = await runCliProcess(['restore', file, '--env', 'production'], { cwd: project.root, env });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(
      `restore ${path.basename(file)} into production environment "production" (postgres@127.0.0.1:5432/${production.name}) needs confirmation`,
    );
    expect(run.stderr).toContain('pass --yes --env production');
    expect(run.stderr).toContain('[CONFIRMATION_REQUIRED]');
    expect(await tableCount(production.url)).toBe(0);
  });

  it('refuses --yes for a production database named by its URL instead of --env', async () => {
    const run = await runCliProcess(['restore', file, '--url', production.url, '--yes'], { cwd: project.root, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--yes alone does not confirm');
    expect(run.stderr).toContain('pass --env production together with --yes');
    expect(await tableCount(production.url)).toBe(0);
  });

  it('refuses a wrong name typed at the prompt, and restores after the right one', async () => {
    const wrong = await runInTerminal(['restore', file, '--env', 'production', '--no-color'], project.root, env, 'production');
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toContain(`Type the database name (${production.name}) to confirm:`);
    expect(wrong.stdout).toContain(`the name typed is not "${production.name}": nothing was done`);
    expect(await tableCount(production.url)).toBe(0);

    const right = await runInTerminal(['restore', file, '--env', 'production', '--no-color'], project.root, env, production.name);
    expect(right.code, right.stdout).toBe(0);
    expect(right.stdout).toContain('production, by typing the database name');
    expect((await adminQuery(production.url, 'SELECT id FROM item ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('accepts --yes together with an explicit --env, and a non-production target needs nothing', async () => {
    const run = await runCliProcess(['restore', file, '--env', 'production', '--yes', '--clean', '--format', 'json'], {
      cwd: project.root,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ confirmedBy: 'yes-with-env', cleaned: true, target: { environment: 'production' } });

    const scratch = await createTestDatabase('pgpreflight_test_scratch');
    try {
      const plain = await runCliProcess(['restore', file, '--url', scratch.url], { cwd: project.root, env });
      expect(plain.code, plain.stderr).toBe(0);
      expect(await tableCount(scratch.url)).toBe(1);
    } finally {
      await scratch.drop();
    }
  });
});
