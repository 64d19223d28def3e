import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliProcess } from '../support/run-cli.js';
import { describeServer, serverUrl } from '../support/test-database.js';
import { prismaProject } from './deploy-fixtures.js';
import type { FixtureProject } from '../support/fixture-project.js';

const INIT = 'CREATE TABLE item (id bigint PRIMARY KEY);\n';

describeServer('deploy, rollback and resolve: bad input gets one line and the documented exit code', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = prismaProject({ '20240101000000_init': INIT });
  });
  afterAll(() => project?.remove());

  it.each([
    ['--accept without a reason', ['deploy', '--accept', 'nope'], 2, '--accept nope: expected rule:migration=reason'],
    ['--watch without a unit', ['deploy', '--watch', 'soon'], 2, '--watch soon: expected a duration with a unit'],
    ['resolve without its verdict', ['resolve', '20240101000000_init'], 2, 'resolve needs exactly one of --applied or --rolled-back'],
    ['resolve of an unknown migration', ['resolve', 'nope', '--applied'], 2, 'nope: no such migration in'],
    ['rollback of a migration the target has not applied', ['rollback', 'nope'], 2, 'nope: not an applied migration on the target'],
  ])('%s', async (_label, args, code, message) => {
    const run = await runCliProcess([...args, '--url', serverUrl()!], { cwd: project.root });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unreachable server: exit 3, and the password is not printed', async () => {
    const run = await runCliProcess(['deploy', '--url', 'postgres://u:canary-s3cret@127.0.0.1:1/x'], { cwd: project.root });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('cannot reach PostgreSQL at u@127.0.0.1:1/x');
    expect(run.stdout + run.stderr).not.toContain('canary-s3cret');
  });

  it('a deploy setting of the wrong type names the setting', async () => {
    const bad = prismaProject({ '20240101000000_init': INIT });
    try {
      bad.write('pgpreflight.config.json', JSON.stringify({ deploy: { lockTimeoutMs: -1, retries: 'x' } }));
      const run = await runCliProcess(['deploy', '--url', serverUrl()!], { cwd: bad.root });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('deploy.lockTimeoutMs: expected a number of milliseconds');
      expect(run.stderr).toContain('deploy.retries: expected a whole number');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      bad.remove();
    }
  });
});
