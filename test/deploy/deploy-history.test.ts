import { afterAll, beforeAll, expect, it } from 'vitest';
import { parsePrismaLogs } from '../../src/migrations/prisma/parse-prisma-logs.js';
import { prismaChecksum } from '../../src/migrations/prisma/prisma-checksum.js';
import { splitSupabaseStatements } from '../../src/migrations/supabase/split-supabase-statements.js';
import { fixtureProject } from '../support/fixture-project.js';
import { runCliProcess } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';
import { deployJson, deployJsonEmbedded, prismaProject, supabaseProject } from './deploy-fixtures.js';

const INIT = 'CREATE TABLE item (id bigint PRIMARY KEY, name text);\n';
// What the application wrote since: rows no migration knows about.
const ROWS = "INSERT INTO item VALUES (1, 'a'), (2, 'b')";
const INDEX = 'CREATE INDEX CONCURRENTLY item_name_idx ON item (name);\n';
const BREAKS = 'ALTER TABLE item ADD COLUMN price int;\nALTER TABLE item ADD CONSTRAINT item_id_check CHECK (id > 5);\n';

describeServer('deploy writes history exactly as the project’s tool does', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('Prisma: _prisma_migrations as the schema engine creates and fills it; a failure leaves its failed row; resolve, then deploy again', async () => {
    const project = prismaProject({ '20240101000000_init': INIT, '20240102000000_index': INDEX });
    project.write('prisma/migrations/20240102000000_index/down.sql', 'DROP INDEX item_name_idx;\n');
    try {
      // The embedded shadow, as users run it by default; the rest use the server's (deploy-fixtures.ts).
      const first = await deployJsonEmbedded(project, ['--url', db.url]);
      expect(first.run.code, first.run.stderr).toBe(0);
      expect(first.json.outcome).toBe('deployed');
      expect(first.json.migrations.map((m: { outcome: string }) => m.outcome)).toEqual(['applied', 'applied']);
      // Each migration's status as the history says after the run (SPEC `status` values).
      expect(first.json.migrations.map((m: { status: string }) => m.status)).toEqual(['applied', 'applied']);

      // The table as Prisma's create_migrations_table makes it (sql-schema-connector, postgres flavour).
      const columns = await adminQuery(
        db.url,
        `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns.rows.map((c) => [c.column_name, c.data_type, c.len, c.is_nullable, c.column_default])).toEqual([
        ['id', 'character varying', 36, 'NO', null],
        ['checksum', 'character varying', 64, 'NO', null],
        ['finished_at', 'timestamp with time zone', null, 'YES', null],
        ['migration_name', 'character varying', 255, 'NO', null],
        ['logs', 'text', null, 'YES', null],
        ['rolled_back_at', 'timestamp with time zone', null, 'YES', null],
        ['started_at', 'timestamp with time zone', null, 'NO', 'now()'],
        ['applied_steps_count', 'integer', null, 'NO', '0'],
      ]);
      const rows = (await adminQuery(db.url, 'SELECT * FROM _prisma_migrations ORDER BY started_at')).rows;
      expect(rows).toHaveLength(2);
      for (const [row, [name, sql]] of rows.map(
        (r, i) =>
          [
            r,
            [
              ['20240101000000_init', INIT],
              ['20240102000000_index', INDEX],
            ][i]!,
          ] as const,
      )) {
        // record_migration_started + record_successful_step + record_migration_finished.
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.checksum).toBe(prismaChecksum(sql!));
        expect(row.migration_name).toBe(name);
        expect(row.logs).toBeNull();
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
        expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      }
      await adminQuery(db.url, ROWS);
      const index = await adminQuery(db.url, `SELECT indisvalid FROM pg_index WHERE indexrelid = 'item_name_idx'::regclass`);
      expect(index.rows[0].indisvalid).toBe(true);

      // A migration the data rejects: it ran in one transaction, so nothing of it remains, and
      // the row says failed, with Prisma's P3018 text in logs.
      project.write('prisma/migrations/20240103000000_breaks/migration.sql', BREAKS);
      project.write(
        'prisma/migrations/20240103000000_breaks/down.sql',
        'ALTER TABLE item DROP CONSTRAINT item_id_check;\nALTER TABLE item DROP COLUMN price;\n',
      );
      const failed = await deployJson(project, [
        '--url',
        db.url,
        '--accept',
        'check-violated-by-rows:20240103000000_breaks=testing the failure path',
      ]);
      expect(failed.run.code, failed.run.stderr).toBe(1);
      expect(failed.json.outcome).toBe('failed');
      const failure = failed.json.migrations.find((m: { id: string }) => m.id === '20240103000000_breaks');
      expect(failure).toMatchObject({
        outcome: 'failed',
        status: 'failed',
        failure: { sqlState: '23514', line: 2, stepsDone: 0, stepsTotal: 1 },
      });
      expect(failure.failure.statement).toContain('item_id_check');
      const failedRow = (await adminQuery(db.url, `SELECT * FROM _prisma_migrations WHERE migration_name = '20240103000000_breaks'`)).rows;
      expect(failedRow).toHaveLength(1);
      expect(failedRow[0]).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
      expect(failedRow[0].logs).toMatch(
        /^A migration failed to apply\. New migrations cannot be applied before the error is recovered from\./,
      );
      expect(failedRow[0].logs).toContain(
        'Migration name: 20240103000000_breaks\n\nDatabase error code: 23514\n\nDatabase error:\nERROR: check constraint "item_id_check"',
      );
      // What `pgpreflight incident` (and a person) reads back from it: the engine's DbError fields.
      expect(parsePrismaLogs(failedRow[0].logs)).toMatchObject({ sqlState: '23514', constraint: 'item_id_check', table: 'item' });
      const columnsNow = await adminQuery(
        db.url,
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'item' AND column_name = 'price'`,
      );
      expect(columnsNow.rowCount).toBe(0);

      const status = await runCliProcess(['status', '--url', db.url, '--format', 'json'], { cwd: project.root });
      expect(status.code).toBe(1);
      expect(JSON.parse(status.stdout).migrations.find((m: { id: string }) => m.id === '20240103000000_breaks').status).toBe('failed');

      // As prisma migrate deploy does (P3009), the next deploy refuses until it is resolved.
      const blocked = await deployJson(project, ['--url', db.url]);
      expect(blocked.run.code).toBe(1);
      expect(blocked.json.outcome).toBe('refused');
      expect(blocked.json.findings[0]).toMatchObject({ ruleId: 'deploy-failed-migration', migration: '20240103000000_breaks' });
      expect(blocked.json.findings[0].help).toContain('pgpreflight resolve 20240103000000_breaks --rolled-back');

      project.write(
        'prisma/migrations/20240103000000_breaks/migration.sql',
        'ALTER TABLE item ADD COLUMN price int;\nALTER TABLE item ADD CONSTRAINT item_id_check CHECK (id > 0);\n',
      );
      const resolved = await runCliProcess(['resolve', '20240103000000_breaks', '--rolled-back', '--url', db.url, '--format', 'json'], {
        cwd: project.root,
      });
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(JSON.parse(resolved.stdout)).toMatchObject({ before: 'failed', after: 'rolled-back' });
      const again = await deployJson(project, ['--url', db.url]);
      expect(again.run.code, again.run.stderr).toBe(0);
      const attempts = (
        await adminQuery(
          db.url,
          `SELECT finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = '20240103000000_breaks' ORDER BY started_at`,
        )
      ).rows;
      // The failed attempt marked rolled back (mark_migration_rolled_back_by_id), then a new applied row.
      expect(attempts.map((a) => [a.finished_at !== null, a.rolled_back_at !== null])).toEqual([
        [false, true],
        [true, false],
      ]);
      const upToDate = await deployJson(project, ['--url', db.url]);
      expect(upToDate.json.outcome).toBe('up-to-date');
    } finally {
      project.remove();
    }
  }, 300_000);

  it('Supabase: schema_migrations rows as `supabase db push` writes them; a failure records nothing and the next deploy goes on', async () => {
    const target = await createTestDatabase();
    const sql = `${INIT}CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n`;
    const project = supabaseProject({ '20240101000000_init': sql });
    try {
      const ok = await deployJson(project, ['--url', target.url]);
      expect(ok.run.code, ok.run.stderr).toBe(0);
      const rows = (await adminQuery(target.url, 'SELECT version, name, statements FROM supabase_migrations.schema_migrations')).rows;
      expect(rows).toEqual([{ version: '20240101000000', name: 'init', statements: splitSupabaseStatements(sql) }]);
      expect(rows[0].statements).toHaveLength(2);
      await adminQuery(target.url, ROWS);

      project.write('supabase/migrations/20240102000000_breaks.sql', BREAKS);
      project.write(
        'supabase/rollbacks/20240102000000_breaks.sql',
        'ALTER TABLE item DROP CONSTRAINT item_id_check;\nALTER TABLE item DROP COLUMN price;\n',
      );
      const failed = await deployJson(project, [
        '--url',
        target.url,
        '--accept',
        'check-violated-by-rows:20240102000000_breaks=testing the failure path',
      ]);
      expect(failed.run.code).toBe(1);
      expect((await adminQuery(target.url, 'SELECT count(*)::int AS n FROM supabase_migrations.schema_migrations')).rows[0].n).toBe(1);
      // Supabase records nothing for a failure: the migration is pending again, as `supabase migration list` shows it.
      expect(failed.json.migrations.find((m: { id: string }) => m.id === '20240102000000_breaks')).toMatchObject({
        outcome: 'failed',
        status: 'pending',
      });

      project.write('supabase/migrations/20240102000000_breaks.sql', 'ALTER TABLE item ADD COLUMN price int;\n');
      const retried = await deployJson(project, ['--url', target.url]);
      expect(retried.run.code, retried.run.stderr).toBe(0);
      expect(
        (await adminQuery(target.url, 'SELECT version, name FROM supabase_migrations.schema_migrations ORDER BY version')).rows,
      ).toEqual([
        { version: '20240101000000', name: 'init' },
        { version: '20240102000000', name: 'breaks' },
      ]);
    } finally {
      project.remove();
      await target.drop();
    }
  }, 300_000);

  it('plain SQL: pgpreflight.migrations with the sha256 of each file and its duration', async () => {
    const target = await createTestDatabase();
    const project = fixtureProject('pgpreflight-plain-');
    project.write('migrations/001_init.sql', INIT);
    try {
      const ok = await deployJson(project, ['--dir', 'migrations', '--url', target.url]);
      expect(ok.run.code, ok.run.stderr).toBe(0);
      const rows = (await adminQuery(target.url, 'SELECT id, checksum, duration_ms FROM pgpreflight.migrations')).rows;
      expect(rows).toEqual([{ id: '001_init', checksum: ok.json.migrations[0].checksum, duration_ms: expect.any(Number) }]);
      const status = await runCliProcess(['status', '--dir', 'migrations', '--url', target.url], { cwd: project.root });
      expect(status.code, status.stdout).toBe(0);
    } finally {
      project.remove();
      await target.drop();
    }
  }, 300_000);
});
