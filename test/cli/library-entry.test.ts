import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';
import { runCliProcess } from '../support/run-cli.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/** A project that depends on pgpreflight, as a user's would (node_modules/pgpreflight → this repo). */
function consumer(): FixtureProject {
  const project = fixtureProject('pgpreflight-consumer-');
  mkdirSync(path.join(project.root, 'node_modules'));
  symlinkSync(REPO, path.join(project.root, 'node_modules', 'pgpreflight'));
  project.write('prisma/migrations/20240101000000_init/migration.sql', 'CREATE TABLE item (id int PRIMARY KEY);\n');
  return project;
}

describe('the package as a dependency', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = consumer();
  });
  afterAll(() => project?.remove());

  it("exposes status and defineConfig from 'pgpreflight' (the built ESM entry)", () => {
    project.write(
      'use.mjs',
      `import { status, defineConfig, PgPreflightError, ExitCode } from 'pgpreflight';
const config = defineConfig({ environments: { dev: { url: 'postgres://u@127.0.0.1:1/x' } } });
try {
  await status({ dir: '.', url: config.environments.dev.url });
} catch (error) {
  console.log(JSON.stringify({ isError: error instanceof PgPreflightError, code: error.code, exit: error.exitCode, usage: ExitCode.usage }));
}`,
    );
    const run = spawnSync(process.execPath, ['use.mjs'], { cwd: project.root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ isError: true, code: 'DB_UNREACHABLE', exit: 3, usage: 2 });
  });

  it.each(['pgpreflight.config.mjs', 'pgpreflight.config.js', 'pgpreflight.config.ts', 'pgpreflight.config.json'])(
    'reads %s',
    async (file) => {
      const body = { environments: { staging: { url: { env: 'STAGING_URL' }, production: false } } };
      project.write(
        file,
        file.endsWith('.json')
          ? JSON.stringify(body)
          : `import { defineConfig } from 'pgpreflight';\nexport default defineConfig(${JSON.stringify(body)});\n`,
      );
      try {
        const run = await runCliProcess(['status', '--env', 'staging'], {
          cwd: project.root,
          env: { STAGING_URL: 'postgres://u@127.0.0.1:1/staging' },
        });
        expect(run.stderr).toContain('cannot reach PostgreSQL at u@127.0.0.1:1/staging');
        expect(run.code).toBe(3);
      } finally {
        rmSync(path.join(project.root, file));
      }
    },
  );
});
