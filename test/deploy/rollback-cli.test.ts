import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliProcess } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';
import { deployJson, prismaProject } from './deploy-fixtures.js';

const INIT =
  "CREATE TABLE item (id bigint PRIMARY KEY, kind text NOT NULL CONSTRAINT item_kind_check CHECK (kind IN ('a', 'b', 'c')));\n-- pgpreflight: irreversible the first migration\n";
const CHANGE =
  "ALTER TABLE item DROP CONSTRAINT item_kind_check;\nALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('a', 'b', 'c', 'd'));\nALTER TABLE item ADD COLUMN note text;\n";

describeServer('pgpreflight rollback: the rollback of an applied migration, proven on the target', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a rollback that forgets a column is refused as incomplete and history is left alone; the complete one restores the exact definitions', async () => {
    const project = prismaProject({ '20240101000000_init': INIT, '20240102000000_change': CHANGE });
    // Forgets the column.
    project.write(
      'prisma/migrations/20240102000000_change/down.sql',
      "ALTER TABLE item DROP CONSTRAINT item_kind_check;\nALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('a', 'b', 'c'));\n",
    );
    try {
      const deployed = await deployJson(project, ['--url', db.url]);
      expect(deployed.run.code, deployed.run.stderr).toBe(0);
      const before = (
        await adminQuery(db.url, "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'item_kind_check'")
      ).rows[0].def;
      expect(before).toContain("'d'");

      const incomplete = await runCliProcess(['rollback', '--url', db.url, '--format', 'json'], { cwd: project.root });
      expect(incomplete.code, incomplete.stderr).toBe(1);
      const result = JSON.parse(incomplete.stdout);
      expect(result.outcome).toBe('failed');
      expect(result.differences).toEqual(['adds column item.note text']);
      expect(
        (
          await adminQuery(
            db.url,
            "SELECT finished_at IS NOT NULL AS done, rolled_back_at FROM _prisma_migrations WHERE migration_name = '20240102000000_change'",
          )
        ).rows,
      ).toEqual([{ done: true, rolled_back_at: null }]);

      // The rollback ran partly (the CHECK is back); complete it, then the next rollback proves the rest.
      project.write('prisma/migrations/20240102000000_change/down.sql', 'ALTER TABLE item DROP COLUMN IF EXISTS note;\n');
      const complete = await runCliProcess(['rollback', '20240102000000_change', '--url', db.url, '--format', 'json'], {
        cwd: project.root,
      });
      expect(complete.code, complete.stdout + complete.stderr).toBe(0);
      expect(JSON.parse(complete.stdout)).toMatchObject({ outcome: 'rolled-back', differences: [] });
      const after = (
        await adminQuery(db.url, "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'item_kind_check'")
      ).rows[0].def;
      expect(after).toBe("CHECK ((kind = ANY (ARRAY['a'::text, 'b'::text, 'c'::text])))");
      const status = await runCliProcess(['status', '--url', db.url, '--format', 'json'], { cwd: project.root });
      expect(JSON.parse(status.stdout).migrations.map((m: { status: string }) => m.status)).toEqual(['applied', 'rolled-back']);

      // Nothing newer to undo but the first migration, which is irreversible.
      const irreversible = await runCliProcess(['rollback', '--url', db.url], { cwd: project.root });
      expect(irreversible.code).toBe(1);
      expect(irreversible.stderr).toContain('20240101000000_init is declared irreversible: the first migration');
    } finally {
      project.remove();
    }
  }, 300_000);
});
