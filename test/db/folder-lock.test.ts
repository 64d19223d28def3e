import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/pglite-client.js';
import { FOLDER_LOCK_FILE } from '../../src/db/folder-lock.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';
import { runCliProcess } from '../support/run-cli.js';

const PGLITE_CLIENT = path.resolve(import.meta.dirname, '../../dist/db/pglite-client.js');

/** A second process that opens the folder for writing, as a deploy would, and holds it until killed. */
function holdFolder(dir: string): Promise<ChildProcess> {
  const script = `import { openPglite } from ${JSON.stringify(PGLITE_CLIENT)};
const db = await openPglite({ dataDir: ${JSON.stringify(dir)} });
await db.query('CREATE TABLE IF NOT EXISTS t (n int)');
process.stdout.write('ready\\n');
setInterval(() => void db.query('INSERT INTO t VALUES (1)'), 50);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
  });
}

describe('an embedded database folder is one process at a time', () => {
  let project: FixtureProject;
  let dir: string;

  beforeAll(async () => {
    project = fixtureProject('pgpreflight-folder-lock-');
    dir = path.join(project.root, 'db');
    project.write('migrations/V1__a.sql', 'CREATE TABLE a (id int);\n');
    const db = await openPglite({ dataDir: dir });
    await db.close();
  }, 60_000);
  afterAll(() => project?.remove());

  it('deploy and status refuse a folder a live process holds, naming the folder and the pid (exit 3)', async () => {
    const holder = await holdFolder(dir);
    try {
      for (const command of ['deploy', 'status']) {
        const run = await runCliProcess([command, '--url', `pglite:${dir}`, '--dir', 'migrations', '--no-color'], { cwd: project.root });
        expect(run.code, run.stderr).toBe(3);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toContain(`the embedded database ${dir} is in use by process ${holder.pid}`);
        expect(run.stderr).toContain('[FOLDER_IN_USE]');
      }
      // The library refuses the same.
      await expect(openPglite({ dataDir: dir })).rejects.toMatchObject({ code: 'FOLDER_IN_USE' });
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
  }, 120_000);

  it('a lock whose process is gone is stale: taken over, and released on close', async () => {
    // The killed holder above left its lock behind; a made-up dead pid says the same.
    writeFileSync(path.join(dir, FOLDER_LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 17, host: (await import('node:os')).hostname() }));
    const db = await openPglite({ dataDir: dir });
    expect(JSON.parse(readFileSync(path.join(dir, FOLDER_LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await db.close();
    expect(existsSync(path.join(dir, FOLDER_LOCK_FILE))).toBe(false);
  }, 60_000);
});
