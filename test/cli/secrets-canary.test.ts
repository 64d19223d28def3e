import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { runCliProcess, type CliRun } from '../support/run-cli.js';
import { serverUrl } from '../support/test-database.js';
import { startThrowawayServer, type ThrowawayServer } from '../support/throwaway-server.js';

// A recognisable password: if it appears anywhere we print or write, redaction failed.
const CANARY = 'Canary7f3b9Pw';
const ENCODED = encodeURIComponent(`${CANARY}@x`).replace('%40x', '');

function assertNoCanary(run: CliRun, label: string, root?: string): void {
  for (const [stream, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    expect(text.includes(CANARY), `${label}: ${stream} leaks the password:\n${text}`).toBe(false);
    expect(text.includes(ENCODED), `${label}: ${stream} leaks the encoded password`).toBe(false);
  }
  if (root) {
    for (const file of filesUnder(root)) {
      expect(readFileSync(file, 'utf8').includes(CANARY), `${label}: ${file} leaks the password`).toBe(false);
    }
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (entry === 'node_modules') return [];
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * Commands listed by `pgpreflight --help`, and the subcommands a command's own --help lists
 * (`rollback generate`), so a new one is covered without editing this test.
 */
async function listCommands(): Promise<string[]> {
  const names = async (args: readonly string[]): Promise<string[]> => {
    const section = (await runCliProcess([...args, '--help'])).stdout.split(/^Commands:$/m)[1] ?? '';
    return [...section.matchAll(/^\s{2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
  };
  const commands: string[] = [];
  for (const command of await names([])) {
    commands.push(command);
    for (const sub of await names([command])) commands.push(`${command} ${sub}`);
  }
  return commands;
}

describe('no command ever prints or writes a password', () => {
  let project: FixtureProject;
  let throwaway: ThrowawayServer | undefined;

  beforeAll(async () => {
    project = prismaProject({ '20240101000000_init': 'CREATE TABLE item (id int PRIMARY KEY);\n' });
    project.write('prisma/migrations/20240101000000_init/down.sql', 'DROP TABLE item;\n');
    throwaway = await startThrowawayServer('the-right-password');
  }, 60_000);
  afterAll(() => {
    project?.remove();
    throwaway?.stop();
  });

  it('finds the commands to check', async () => {
    const commands = await listCommands();
    expect(commands).toContain('status');
    expect(commands).toContain('rollback generate');
  });

  it('every command, with an unreachable server, a bad URL and --debug', async () => {
    const targets = [
      `postgres://deploy:${CANARY}@127.0.0.1:1/app`,
      `postgres://deploy:${ENCODED}%40x@127.0.0.1:1/app`,
      `postgres://deploy:${CANARY}@127.0.0.1:99999/app`,
      `postgres://deploy:${CANARY}@[::zz/app`,
      `postgres://127.0.0.1:1/app?user=deploy&password=${CANARY}`,
      `host=127.0.0.1 port=1 dbname=app user=deploy password=${CANARY}`,
      `host=127.0.0.1 port=1 password='${CANARY}`,
      `mysql://deploy:${CANARY}@127.0.0.1/app`,
    ];
    // Every (command, URL, format) case, six processes at a time: the list of commands grows, and
    // each case is a process start-up.
    const commands = await listCommands();
    const cases = commands.flatMap((command) => [
      ...targets.flatMap((url) =>
        ['text', 'json'].map((format) => ({ command, args: ['--url', url, '--format', format, '--debug'], url, format })),
      ),
    ]);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const { command, args, url, format } = cases[next++]!;
        const run = await runCliProcess([...command.split(' '), ...args], { cwd: project.root });
        assertNoCanary(run, `${command} --url ${url.replace(CANARY, '<canary>')} --format ${format}`, project.root);
        expect(run.code, `${command}: ${run.stderr}`).toBeGreaterThanOrEqual(2);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    for (const command of commands) {
      const help = await runCliProcess([...command.split(' '), '--help']);
      expect(help.code).toBe(0);
    }
  }, 480_000);

  it('DATABASE_URL, PGPASSWORD and .env values', async () => {
    const fromEnv = await runCliProcess(['status', '--debug'], {
      cwd: project.root,
      env: { DATABASE_URL: `postgres://deploy:${CANARY}@127.0.0.1:1/app`, PGPASSWORD: CANARY },
    });
    expect(fromEnv.code).toBe(3);
    assertNoCanary(fromEnv, 'DATABASE_URL', project.root);
    project.write('.env', `DATABASE_URL="postgres://deploy:${CANARY}@127.0.0.1:1/app"\n`);
    try {
      const fromDotenv = await runCliProcess(['status', '--format', 'json', '--debug'], { cwd: project.root });
      expect(fromDotenv.code).toBe(3);
      expect(fromDotenv.stderr).toContain('cannot reach PostgreSQL at deploy@127.0.0.1:1/app');
      assertNoCanary(fromDotenv, '.env');
    } finally {
      project.write('.env', '');
    }
  });

  it.skipIf(!serverUrl())('a successful run with a password in the URL, to stdout and to --output', async () => {
    const url = new URL(serverUrl()!);
    url.password = CANARY; // the test server trusts local connections, so any password works
    // status: exit 1, one pending migration; check: exit 0, it only creates a table.
    for (const [command, code] of [
      ['status', 1],
      ['check', 0],
    ] as const) {
      for (const format of ['text', 'json']) {
        const out = path.join(project.root, `report.${format}`);
        const run = await runCliProcess([command, '--url', url.toString(), '--format', format, '--output', out], { cwd: project.root });
        expect(run.code, run.stderr).toBe(code);
        assertNoCanary(run, `${command} --output (${format})`, project.root);
        expect(readFileSync(out, 'utf8')).toContain('20240101000000_init');
        expect(statSync(out).mode & 0o777).toBe(0o600);
      }
    }
  });

  it('a wrong password names the user, not the password', async (context) => {
    if (!throwaway) {
      console.log(
        '⚠ cannot start a password-protected PostgreSQL here (needs root and /usr/lib/postgresql/15): wrong-password case skipped',
      );
      context.skip();
      return;
    }
    const run = await runCliProcess(['status', '--url', throwaway.url(CANARY), '--debug'], { cwd: project.root });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('authentication failed for user "postgres"');
    expect(run.stderr).toContain('[DB_AUTH_FAILED]');
    assertNoCanary(run, 'wrong password');
    const ok = await runCliProcess(['status', '--url', throwaway.url('the-right-password')], { cwd: project.root });
    expect(ok.code, ok.stderr).toBe(1);
  });
});
