import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deploy } from '../../src/commands/deploy/deploy.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { createTestDatabase, describeServer, serverUrl, type TestDatabase } from '../support/test-database.js';

// Three migrations as `prisma migrate dev` writes them: Prisma keeps no down migrations.
const MIGRATIONS = {
  '20240101000000_init': 'CREATE TABLE "User" ("id" TEXT NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n',
  '20240201000000_add_name': 'ALTER TABLE "User" ADD COLUMN "name" TEXT;\n',
  '20240301000000_email_index': 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n',
};

describeServer('deploy of an ordinary Prisma project without rollbacks (non-production)', () => {
  let database: TestDatabase;
  let project: FixtureProject;
  let cacheDir: string;
  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_deploy_plain');
    project = prismaProject(MIGRATIONS);
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-deploy-plain-'));
  });
  afterAll(async () => {
    await database.drop();
    project.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });
  const run = (severities?: Readonly<Record<string, 'error'>>) =>
    deploy({
      dir: project.root,
      url: database.url,
      production: false,
      check: { shadowUrl: serverUrl()!, cacheDir, ...(severities ? { severities } : {}) },
    });

  it('refuses once the project requires rollbacks; proceeds by default, the check gate passing with warnings', async () => {
    // The policy a project opts into (policy.rollbacks 'required' folds into these rules).
    const required = await run({ 'rollback-missing': 'error' });
    expect(required.outcome).toBe('refused');
    expect(required.summary.applied).toBe(0);
    expect(required.findings.filter((f) => f.ruleId === 'rollback-missing' && f.severity === 'error').length).toBeGreaterThan(0);

    const plain = await run();
    expect(plain.outcome, JSON.stringify(plain.findings, null, 2)).toBe('deployed');
    expect(plain.summary.applied).toBe(3);
    expect(plain.summary.errors).toBe(0);
    // The check gate passed with warnings (the missing rollbacks among them), as its step says.
    const gate = plain.steps.find((step) => step.name === 'check');
    expect(gate).toMatchObject({ status: 'warning', detail: expect.stringMatching(/no blocking finding; [1-9]\d* warning\(s\)/) });
  }, 120_000);
});
