import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliProcess, spawnCli } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';
import { deployJson, prismaProject, supabaseProject, withServerShadow } from './deploy-fixtures.js';

// A statement that sleeps on the test's target only, not on the shadow check applies it to first.
const SLEEP_ON_TARGET = "SELECT pg_sleep(60) WHERE current_database() LIKE 'pgpreflight_test%';\n";
const INIT = 'CREATE TABLE item (id bigint PRIMARY KEY, kind text NOT NULL);\n';

/** Waits until a pgpreflight session runs a statement matching `pattern`; returns its pid. */
async function waitForStatement(url: string, pattern: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await adminQuery(
      url,
      // This database only: check's gate runs the same statement on its scratch shadow first (where it does not sleep).
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgpreflight' AND state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()`,
      [pattern],
    );
    if (rows[0]) return rows[0].pid as number;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no pgpreflight session ran ${pattern} within ${timeoutMs} ms`);
}

describeServer('deploy under concurrency, kills, blockers and lock waits (real server)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('8 deploys started at once: each migration applied exactly once, none fails, no deadlock (with CREATE INDEX CONCURRENTLY)', async () => {
    const target = await createTestDatabase();
    const project = prismaProject({
      '20240101000000_init': INIT,
      '20240102000000_index': 'CREATE INDEX CONCURRENTLY item_kind_idx ON item (kind);\n',
      '20240103000000_more': 'CREATE TABLE more (id bigint PRIMARY KEY);\n',
    });
    project.write('prisma/migrations/20240102000000_index/down.sql', 'DROP INDEX item_kind_idx;\n');
    project.write('prisma/migrations/20240103000000_more/down.sql', 'DROP TABLE more;\n');
    try {
      // One check first fills the shadow cache, so the eight measure the deploy, not eight shadow builds.
      const warm = await runCliProcess(['check', '--url', target.url], { cwd: project.root });
      expect(warm.code, warm.stderr).toBe(0);
      const runs = await Promise.all(
        Array.from(
          { length: 8 },
          () => spawnCli([...withServerShadow(['deploy', '--url', target.url, '--format', 'json'])], project.root).done,
        ),
      );
      for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);
      const outcomes = runs.map((run) => JSON.parse(run.stdout).outcome as string).sort();
      expect(outcomes.filter((o) => o === 'deployed').length).toBeGreaterThanOrEqual(1);
      expect(outcomes.every((o) => o === 'deployed' || o === 'up-to-date')).toBe(true);
      const rows = await adminQuery(
        target.url,
        'SELECT migration_name, count(*)::int AS n, bool_and(finished_at IS NOT NULL) AS finished FROM _prisma_migrations GROUP BY 1 ORDER BY 1',
      );
      expect(rows.rows).toEqual([
        { migration_name: '20240101000000_init', n: 1, finished: true },
        { migration_name: '20240102000000_index', n: 1, finished: true },
        { migration_name: '20240103000000_more', n: 1, finished: true },
      ]);
      const valid = await adminQuery(target.url, `SELECT indisvalid FROM pg_index WHERE indexrelid = 'item_kind_idx'::regclass`);
      expect(valid.rows[0].indisvalid).toBe(true);
    } finally {
      project.remove();
      await target.drop();
    }
  }, 300_000);

  it('backend killed inside a transactional migration: nothing of it remains, history says failed, the next deploy refuses clearly', async () => {
    const target = await createTestDatabase();
    const project = prismaProject({
      '20240101000000_init': INIT,
      '20240102000000_slow': `CREATE TABLE slow (id bigint PRIMARY KEY);\n${SLEEP_ON_TARGET}`,
    });
    project.write('prisma/migrations/20240102000000_slow/down.sql', 'DROP TABLE slow;\n');
    try {
      const deploy = spawnCli([...withServerShadow(['deploy', '--url', target.url, '--format', 'json'])], project.root);
      const pid = await waitForStatement(target.url, '%pg_sleep(60) WHERE%');
      await adminQuery(target.url, 'SELECT pg_terminate_backend($1)', [pid]);
      const run = await deploy.done;
      expect(run.code, run.stderr).toBe(1);
      expect((await adminQuery(target.url, "SELECT to_regclass('slow') AS t")).rows[0].t).toBeNull();
      const row = (
        await adminQuery(
          target.url,
          "SELECT finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = '20240102000000_slow'",
        )
      ).rows;
      expect(row).toEqual([{ finished_at: null, rolled_back_at: null }]);

      const status = await runCliProcess(['status', '--url', target.url, '--format', 'json'], { cwd: project.root });
      expect(JSON.parse(status.stdout).migrations.map((m: { status: string }) => m.status)).toEqual(['applied', 'failed']);
      const next = await deployJson(project, ['--url', target.url]);
      expect(next.run.code).toBe(1);
      expect(next.json.findings[0]).toMatchObject({ ruleId: 'deploy-failed-migration', evidence: { oneTransaction: true } });
      expect(next.json.findings[0].help).toContain('nothing of it remains');
    } finally {
      project.remove();
      await target.drop();
    }
  }, 300_000);

  it('Ctrl-C in the middle of a migration: the statement is cancelled, nothing of it remains, the lock is released, history and the journal say so', async () => {
    const target = await createTestDatabase();
    const project = prismaProject({
      '20240101000000_init': INIT,
      '20240102000000_slow': `CREATE TABLE slow (id bigint PRIMARY KEY);\n${SLEEP_ON_TARGET}`,
    });
    project.write('prisma/migrations/20240102000000_slow/down.sql', 'DROP TABLE slow;\n');
    try {
      const deploy = spawnCli([...withServerShadow(['deploy', '--url', target.url])], project.root);
      await waitForStatement(target.url, '%pg_sleep(60) WHERE%');
      deploy.interrupt();
      const run = await deploy.done;
      expect(run.code, run.stdout + run.stderr).toBe(3);
      expect(run.stderr).toContain('interrupted (SIGINT)');
      // Cancelled, not left running on the server after the process is gone.
      const left = await adminQuery(
        target.url,
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgpreflight' AND pid <> pg_backend_pid()",
      );
      expect(left.rows[0].n).toBe(0);
      expect((await adminQuery(target.url, "SELECT to_regclass('slow') AS t")).rows[0].t).toBeNull();
      const advisory = await adminQuery(
        target.url,
        "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()",
      );
      expect(advisory.rows[0].n).toBe(0);
      // As Prisma leaves a migration that failed: a row with no finished_at; status says failed.
      const rows = await adminQuery(
        target.url,
        "SELECT finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = '20240102000000_slow'",
      );
      expect(rows.rows).toEqual([{ finished_at: null, rolled_back_at: null }]);
      const journal = await adminQuery(
        target.url,
        "SELECT outcome FROM pgpreflight.runs WHERE command = 'deploy' ORDER BY id DESC LIMIT 1",
      );
      expect(journal.rows[0].outcome).toBe('failed');
      const status = await runCliProcess(['status', '--url', target.url, '--format', 'json'], { cwd: project.root });
      expect(JSON.parse(status.stdout).migrations.map((m: { status: string }) => m.status)).toEqual(['applied', 'failed']);
    } finally {
      project.remove();
      await target.drop();
    }
  }, 300_000);

  it('backend killed half-way through a non-transactional migration: no history row, and the next deploy refuses until it is resolved', async () => {
    const target = await createTestDatabase();
    const project = supabaseProject({
      '20240101000000_init': INIT,
      '20240102000000_index': `CREATE INDEX CONCURRENTLY item_kind_idx ON item (kind);\n${SLEEP_ON_TARGET}CREATE TABLE after_index (id bigint PRIMARY KEY);\n`,
    });
    project.write(
      'supabase/rollbacks/20240102000000_index.sql',
      'DROP TABLE IF EXISTS after_index;\nDROP INDEX IF EXISTS item_kind_idx;\n',
    );
    try {
      // Supabase's CLI sends the file as one transaction and would refuse it; deploy runs the
      // CONCURRENTLY statement alone, which is what makes this migration non-transactional.
      const accept = ['--accept', 'concurrently-in-transaction:20240102000000_index=deploy runs it alone'];
      const deploy = spawnCli([...withServerShadow(['deploy', '--url', target.url, '--format', 'json', ...accept])], project.root);
      const pid = await waitForStatement(target.url, '%pg_sleep(60) WHERE%');
      await adminQuery(target.url, 'SELECT pg_terminate_backend($1)', [pid]);
      const run = await deploy.done;
      expect(run.code, run.stdout + run.stderr).toBe(1);
      // The index (step 1, committed alone) is there; the rest is not; history has no row for it.
      expect((await adminQuery(target.url, "SELECT to_regclass('item_kind_idx') AS i, to_regclass('after_index') AS t")).rows[0]).toEqual({
        i: 'item_kind_idx',
        t: null,
      });
      expect((await adminQuery(target.url, 'SELECT version FROM supabase_migrations.schema_migrations')).rows).toEqual([
        { version: '20240101000000' },
      ]);

      // status says what deploy sees (issue 20, 6.4): the tool's history calls it pending, but part of it ran.
      const seen = await runCliProcess(['status', '--url', target.url, '--format', 'json'], { cwd: project.root });
      expect(seen.code, seen.stderr).toBe(1);
      const seenJson = JSON.parse(seen.stdout);
      expect(seenJson.migrations.find((m: { id: string }) => m.id === '20240102000000_index').status).toBe('failed');
      expect(seenJson.findings).toContainEqual(
        expect.objectContaining({ ruleId: 'deploy-interrupted', migration: '20240102000000_index', severity: 'error' }),
      );

      const next = await deployJson(project, ['--url', target.url, ...accept]);
      expect(next.run.code).toBe(1);
      expect(next.json.findings[0]).toMatchObject({
        ruleId: 'deploy-interrupted',
        migration: '20240102000000_index',
        evidence: { stepsDone: 1, stepsTotal: 2 },
      });

      await adminQuery(target.url, 'DROP INDEX item_kind_idx');
      const resolved = await runCliProcess(['resolve', '20240102000000_index', '--rolled-back', '--url', target.url], {
        cwd: project.root,
      });
      expect(resolved.code, resolved.stdout + resolved.stderr).toBe(0);
      project.write(
        'supabase/migrations/20240102000000_index.sql',
        'CREATE INDEX CONCURRENTLY item_kind_idx ON item (kind);\nCREATE TABLE after_index (id bigint PRIMARY KEY);\n',
      );
      const again = await deployJson(project, ['--url', target.url, ...accept]);
      expect(again.run.code, JSON.stringify(again.json.findings)).toBe(0);
      expect(again.json.outcome).toBe('deployed');
    } finally {
      project.remove();
      await target.drop();
    }
  }, 300_000);

  it('a long transaction holding a lock on the table: deploy waits, then aborts without taking any lock, naming the blocker', async () => {
    const project = prismaProject({ '20240101000000_init': INIT });
    const first = await deployJson(project, ['--url', db.url]);
    expect(first.run.code, first.run.stderr).toBe(0);
    project.write('prisma/migrations/20240201000000_column/migration.sql', 'ALTER TABLE item ADD COLUMN note text;\n');
    project.write('prisma/migrations/20240201000000_column/down.sql', 'ALTER TABLE item DROP COLUMN note;\n');
    project.write(
      'pgpreflight.config.json',
      JSON.stringify({ deploy: { blockerWaitMs: 3000, blockers: { lockHolderMs: 0, idleInTransactionMs: 600_000 } } }),
    );
    const blocker = new pg.Client({ connectionString: db.url, application_name: 'nightly-report' });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT count(*) FROM item');
      const blockerPid = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const { run, json } = await deployJson(project, ['--url', db.url]);
      expect(run.code).toBe(3);
      expect(json.outcome).toBe('aborted');
      expect(json.findings[0].ruleId).toBe('deploy-blocked');
      expect(json.findings[0].message).toContain(`pid ${blockerPid} (nightly-report`);
      expect(json.findings[0].message).toContain('AccessShareLock on public.item');
      // Nothing applied, and the blocker was never made to wait: its transaction goes on.
      expect(
        (
          await blocker.query(
            "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'item' AND column_name = 'note'",
          )
        ).rows[0].n,
      ).toBe(0);
      await blocker.query('COMMIT');
      // pg_locks is cluster-wide: other test files deploy on the same server at the same time.
      const advisory = await adminQuery(
        db.url,
        "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()",
      );
      expect(advisory.rows[0].n).toBe(0);
      expect((await adminQuery(db.url, 'SELECT outcome FROM pgpreflight.runs ORDER BY id DESC LIMIT 1')).rows[0].outcome).toBe('aborted');

      // A blocker that ends while deploy waits: deploy goes on.
      await blocker.query('BEGIN');
      await blocker.query('SELECT count(*) FROM item');
      const waiting = spawnCli([...withServerShadow(['deploy', '--url', db.url, '--format', 'json'])], project.root);
      setTimeout(() => void blocker.query('COMMIT'), 1_500);
      const done = await waiting.done;
      expect(done.code, done.stdout).toBe(0);
    } finally {
      await blocker.end();
      project.remove();
    }
  }, 300_000);

  it('a lock wait is retried with back-off and reported; a workflow broken by the deploy rolls it back', async () => {
    const target = await createTestDatabase();
    const project = prismaProject({ '20240101000000_init': INIT });
    try {
      expect((await deployJson(project, ['--url', target.url])).run.code).toBe(0);
      await adminQuery(target.url, "INSERT INTO item VALUES (1, 'a')");
      project.write('prisma/migrations/20240201000000_column/migration.sql', 'ALTER TABLE item ADD COLUMN note text;\n');
      project.write('prisma/migrations/20240201000000_column/down.sql', 'ALTER TABLE item DROP COLUMN note;\n');
      project.write(
        'pgpreflight.config.json',
        JSON.stringify({ deploy: { lockTimeoutMs: 300, blockers: { lockHolderMs: 600_000, idleInTransactionMs: 600_000 } } }),
      );
      const holder = new pg.Client({ connectionString: target.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE item IN ACCESS SHARE MODE');
        const deploy = spawnCli([...withServerShadow(['deploy', '--url', target.url, '--format', 'json'])], project.root);
        await waitForStatement(target.url, 'ALTER TABLE item ADD COLUMN note%');
        await new Promise((resolve) => setTimeout(resolve, 600));
        await holder.query('COMMIT');
        const run = await deploy.done;
        expect(run.code, run.stdout + run.stderr).toBe(0);
        const migration = JSON.parse(run.stdout).migrations.find((m: { id: string }) => m.id === '20240201000000_column');
        expect(migration.outcome).toBe('applied');
        expect(migration.retries).toBeGreaterThanOrEqual(1);
      } finally {
        await holder.end();
      }

      // A critical workflow that passes before and fails after: every migration of the deploy is rolled back.
      project.write('workflows/add-item.sql', "INSERT INTO item (id, kind) VALUES (2, 'c');\n");
      project.write(
        'pgpreflight.config.json',
        JSON.stringify({ workflows: [{ name: 'add an item of kind c', sql: 'workflows/add-item.sql' }] }),
      );
      project.write(
        'prisma/migrations/20240301000000_tighten/migration.sql',
        "ALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('a', 'b'));\n",
      );
      project.write('prisma/migrations/20240301000000_tighten/down.sql', 'ALTER TABLE item DROP CONSTRAINT item_kind_check;\n');
      const { run, json } = await deployJson(project, ['--url', target.url]);
      expect(run.code).toBe(1);
      expect(json.outcome).toBe('rolled-back');
      expect(json.findings.find((f: { ruleId: string }) => f.ruleId === 'workflow-broken').message).toContain('item_kind_check');
      expect(json.migrations.find((m: { id: string }) => m.id === '20240301000000_tighten')).toMatchObject({
        outcome: 'rolled-back',
        status: 'rolled-back',
        rollback: { outcome: 'passed' },
      });
      expect(
        (await adminQuery(target.url, "SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'item_kind_check'")).rows[0].n,
      ).toBe(0);
      const status = await runCliProcess(['status', '--url', target.url, '--format', 'json'], { cwd: project.root });
      expect(JSON.parse(status.stdout).migrations.at(-1)).toMatchObject({ id: '20240301000000_tighten', status: 'rolled-back' });
      // The incident report, prefilled from the run.
      expect(json.incident.file).toMatch(/docs\/HOTFIX-\d{8}-tighten\.md$/);
      const report = readFileSync(json.incident.file, 'utf8');
      expect(report).toContain('item_kind_check');
      expect(report).toContain('23514');
      expect(report).toContain('prisma/migrations/20240301000000_tighten/down.sql');
      expect(report).toContain('TODO(person)');
    } finally {
      project.remove();
      await target.drop();
    }
  }, 300_000);

  it('verify after the deploy: a check the deploy broke fails it, one that already failed is a warning; --watch follows after', async () => {
    const target = await createTestDatabase();
    const project = prismaProject({ '20240101000000_init': INIT });
    try {
      expect((await deployJson(project, ['--url', target.url])).run.code).toBe(0);
      await adminQuery(target.url, "INSERT INTO item VALUES (1, 'a'), (2, 'b'), (3, 'old')");
      project.write(
        'pgpreflight.config.json',
        JSON.stringify({
          invariants: [
            { name: 'no item of kind x', sql: "SELECT id FROM item WHERE kind = 'x'" },
            { name: 'no item of kind old', sql: "SELECT id FROM item WHERE kind = 'old'" },
          ],
        }),
      );
      project.write('prisma/migrations/20240201000000_backfill/migration.sql', "UPDATE item SET kind = 'x' WHERE id = 1;\n");
      project.write('prisma/migrations/20240201000000_backfill/down.sql', "UPDATE item SET kind = 'a' WHERE id = 1;\n");
      const { run, json } = await deployJson(project, ['--url', target.url, '--watch', '2s']);
      expect(run.code).toBe(1);
      expect(json.outcome).toBe('deployed');
      expect(json.steps.find((s: { name: string }) => s.name === 'verify')).toMatchObject({ status: 'failed' });
      const errors = json.findings.filter((f: { severity: string }) => f.severity === 'error');
      expect(errors.map((f: { ruleId: string; message: string }) => [f.ruleId, f.message.includes('no item of kind x')])).toEqual([
        ['invariant-violated', true],
      ]);
      expect(json.findings.find((f: { ruleId: string }) => f.ruleId === 'verify-failing-before').message).toContain('no item of kind old');
      // The logs were followed for 2 s after the deploy (no log configured: the statistics poller alone).
      expect(json.watch).toMatchObject({
        mode: 'follow',
        deploy: { migrations: [expect.objectContaining({ id: '20240201000000_backfill' })] },
      });
      expect(json.steps.map((s: { name: string }) => s.name)).toContain('watch');
    } finally {
      project.remove();
      await target.drop();
    }
  }, 300_000);
});
