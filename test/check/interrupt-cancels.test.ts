import { afterAll, beforeAll, expect, it } from 'vitest';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { createPrismaTarget } from '../support/prisma-history.js';
import { interruptCliProcess } from '../support/run-cli.js';
import { adminQuery, describeServer, type TestDatabase } from '../support/test-database.js';

// A CHECK whose every row costs 50 ms: the probe that counts the rows violating it runs ~25 s.
const INIT = `CREATE TABLE t (n int);
CREATE FUNCTION slow_positive(v int) RETURNS boolean LANGUAGE sql AS $$ SELECT pg_sleep(0.05) IS NOT NULL AND v > 0 $$;`;
const SEED = 'INSERT INTO t SELECT g FROM generate_series(1, 500) g;';
const PENDING = 'ALTER TABLE t ADD CONSTRAINT t_n_positive CHECK (slow_positive(n));';

describeServer('Ctrl-C during check', () => {
  let database: TestDatabase;
  let project: FixtureProject;

  beforeAll(async () => {
    database = await createPrismaTarget('pgpreflight_interrupt', { '20240101000000_init': INIT }, SEED);
    project = prismaProject({ '20240101000000_init': INIT, '20240102000000_check': PENDING });
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  const backends = async (active: boolean) =>
    (
      await adminQuery(
        database.url,
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'pgpreflight' AND ($2::boolean IS FALSE OR (state = 'active' AND query LIKE '%slow_positive%'))`,
        [database.name, active],
      )
    ).rows[0].n as number;

  it('cancels the probe running on the target and exits 3, leaving no pgpreflight backend', async () => {
    const run = await interruptCliProcess(['check', '--url', database.url, '--no-color', '--probe-timeout', '60000'], {
      cwd: project.root,
      ready: async () => (await backends(true)) > 0,
    });
    expect(run.ready, run.output).toBe(true);
    expect(run.code, run.output).toBe(3);
    const exitedAt = Date.now();
    let left = await backends(false);
    while (left > 0 && Date.now() - exitedAt < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await backends(false);
    }
    expect(left).toBe(0);
  }, 120_000);
});
