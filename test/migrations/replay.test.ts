import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgPreflightError } from '../../src/core/pgpreflight-error.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { openPglite } from '../../src/db/pglite-client.js';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';
import { openReplayedShadow } from '../../src/migrations/open-replayed-shadow.js';
import { replayMigrations } from '../../src/migrations/replay-migrations.js';
import { replayPlan } from '../../src/migrations/replay-plan.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

const MIGRATIONS = {
  '20240101000000_init':
    'CREATE EXTENSION IF NOT EXISTS pgcrypto;\nCREATE TABLE item (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text, sku text);\n',
  // Applied in production statement by statement (psql): two concurrent builds among other DDL.
  '20240102000000_indexes':
    "-- concurrent builds cannot run in a transaction block\nALTER TABLE item ADD COLUMN price numeric;\nCREATE INDEX CONCURRENTLY item_name_idx ON item (name);\nCREATE INDEX CONCURRENTLY item_sku_idx ON item (sku);\nCOMMENT ON INDEX item_sku_idx IS 'lookup by sku';\n",
  '20240103000000_trigger':
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.name := coalesce(NEW.name, 'unnamed');\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER item_touch BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION touch();\n",
};

async function indexesOf(db: DatabaseClient): Promise<string[]> {
  const { rows } = await db.query<{ name: string; valid: boolean }>(
    `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'item'::regclass ORDER BY 1`,
  );
  return rows.map((row) => `${row.name}${row.valid ? '' : ' (INVALID)'}`);
}

describe('replay plan', () => {
  it('sends a file whole unless a statement must run alone', async () => {
    expect(await replayPlan({ sql: MIGRATIONS['20240101000000_init'], path: 'a.sql' })).toHaveLength(1);
    const steps = await replayPlan({ sql: MIGRATIONS['20240102000000_indexes'], path: 'b.sql' });
    expect(steps.map((step) => step.aloneBecause ?? 'group')).toEqual([
      'group',
      'CREATE INDEX CONCURRENTLY',
      'CREATE INDEX CONCURRENTLY',
      'group',
    ]);
    expect(steps[1]!.sql).toBe('CREATE INDEX CONCURRENTLY item_name_idx ON item (name)');
  });

  it('leaves a file that manages its own transactions as written', async () => {
    const sql = 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY a_idx ON a (id);\n';
    expect(await replayPlan({ sql, path: 'c.sql' })).toEqual([{ sql, offset: 0, managesTransactions: true }]);
  });
});

describe('replay plan: enum values', () => {
  it('commits ALTER TYPE … ADD VALUE on its own when a later statement uses the label', async () => {
    const sql = "ALTER TYPE mood ADD VALUE 'ecstatic';\nUPDATE person SET mood = 'ecstatic' WHERE id = 1;\n";
    const steps = await replayPlan({ sql, path: 'd.sql' });
    expect(steps.map((step) => step.aloneBecause ?? 'group')).toEqual(['ALTER TYPE … ADD VALUE used later in the migration', 'group']);
  });

  it('keeps the file whole when the new label is not used in it', async () => {
    const sql = "ALTER TYPE mood ADD VALUE 'ecstatic';\nCREATE TABLE t (id int);\n";
    expect(await replayPlan({ sql, path: 'e.sql' })).toEqual([{ sql, offset: 0 }]);
  });
});

describe('replay into the embedded shadow', () => {
  let project: FixtureProject;
  let cacheDir: string;
  beforeAll(() => {
    project = prismaProject(MIGRATIONS);
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-replay-cache-'));
  });
  afterAll(() => {
    project?.remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('replays CONCURRENTLY statements alone and caches the result', async () => {
    const { migrations } = await loadMigrationProject({ dir: project.root });
    const progress: string[] = [];
    const first = await openReplayedShadow({
      format: 'prisma',
      migrations,
      cacheDir,
      onMigration: (done, total) => progress.push(`${done}/${total}`),
    });
    try {
      expect(first.fromCache).toBe(false);
      expect(progress).toEqual(['1/3', '2/3', '3/3']);
      expect(await indexesOf(first.client)).toEqual(['item_name_idx', 'item_pkey', 'item_sku_idx']);
      // The trigger from the last migration works.
      const { rows } = await first.client.query<{ name: string }>("INSERT INTO item (sku) VALUES ('A-1') RETURNING name");
      expect(rows[0]!.name).toBe('unnamed');
    } finally {
      await first.client.close();
    }
    const second = await openReplayedShadow({ format: 'prisma', migrations, cacheDir, onMigration: () => progress.push('replayed again') });
    try {
      expect(second.fromCache).toBe(true);
      expect(progress).not.toContain('replayed again');
      expect(await indexesOf(second.client)).toEqual(['item_name_idx', 'item_pkey', 'item_sku_idx']);
      // The row inserted on the first shadow never reached the cache.
      expect((await second.client.query<{ n: number }>('SELECT count(*)::int AS n FROM item')).rows[0]!.n).toBe(0);
    } finally {
      await second.client.close();
    }
  });

  it('a migration the shadow cannot run names the file, the line and the SQLSTATE', async () => {
    const broken = prismaProject({
      '20240101000000_init': 'CREATE TABLE item (id int PRIMARY KEY);\nINSERT INTO item VALUES (1);\n',
      // PostgreSQL reports no position for either error: the statement is found by running them again.
      '20240102000000_bad':
        '-- the CHECK fails on the existing row\nALTER TABLE item ADD COLUMN a int;\nALTER TABLE item\n  ADD CONSTRAINT item_id_negative CHECK (id < 0);\n',
      '20240103000000_worse': '-- refers to a column that does not exist\nCREATE INDEX item_name_idx\n  ON item (name);\n',
    });
    try {
      const { migrations } = await loadMigrationProject({ dir: broken.root });
      const db = await openPglite();
      try {
        await expect(replayMigrations(db, migrations, { where: 'the embedded shadow' })).rejects.toThrow(
          'prisma/migrations/20240102000000_bad/migration.sql:3: replaying on the embedded shadow failed: check constraint "item_id_negative" of relation "item" is violated by some row (SQLSTATE 23514)',
        );
        // The failed migration left nothing behind; the next one is located by its statement too.
        expect(
          (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'item'::regclass AND attname = 'a'"))
            .rows[0]!.n,
        ).toBe(0);
        try {
          await replayMigrations(db, migrations.slice(2));
          expect.unreachable();
        } catch (error) {
          expect(error).toBeInstanceOf(PgPreflightError);
          expect((error as PgPreflightError).code).toBe('SHADOW_FAILED');
          expect((error as PgPreflightError).sqlState).toBe('42703');
          expect((error as PgPreflightError).message).toContain('prisma/migrations/20240103000000_worse/migration.sql:2:');
        }
      } finally {
        await db.close();
      }
    } finally {
      broken.remove();
    }
  });
});

describeServer('replay on a PostgreSQL server', () => {
  let database: TestDatabase;
  let project: FixtureProject;
  beforeAll(async () => {
    database = await createTestDatabase();
    project = prismaProject(MIGRATIONS);
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it('produces the same indexes as on the shadow', async () => {
    const db = await connectTestDatabase(database.url);
    try {
      const { migrations } = await loadMigrationProject({ dir: project.root });
      await replayMigrations(db, migrations);
      expect(await indexesOf(db)).toEqual(['item_name_idx', 'item_pkey', 'item_sku_idx']);
    } finally {
      await db.close();
    }
  });
});
