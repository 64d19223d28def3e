import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { classifyMigrations } from '../../src/migrations/classify-migrations.js';
import { plainSqlFormat } from '../../src/migrations/plain-sql/plain-sql-format.js';
import { PLAIN_SQL_HISTORY_DDL, PLAIN_SQL_INSERT_HISTORY } from '../../src/migrations/plain-sql/plain-sql-history-sql.js';
import { sha256Hex } from '../../src/migrations/sha256-hex.js';
import { fixtureProject } from '../support/fixture-project.js';
import { onBothDatabases } from '../support/both-databases.js';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

function historySuite(database: () => DatabaseClient): void {
  let db: DatabaseClient;
  beforeAll(() => {
    db = database();
  });
  beforeEach(async () => {
    await db.exec('DROP SCHEMA IF EXISTS pgpreflight CASCADE');
  });

  it('reads a missing table as nothing applied, without error', async () => {
    expect(await plainSqlFormat.readHistory(db)).toEqual({
      table: 'pgpreflight.migrations',
      tableExists: false,
      entries: [],
      warnings: [],
    });
  });

  it('reads the rows a deploy writes, with ISO 8601 times, and compares sha256', async () => {
    const project = fixtureProject('pgpreflight-plain-sql-history-');
    try {
      project.write('migrations/001_init.sql', 'create table item (id int);\n');
      project.write('migrations/002_edited.sql', 'alter table item add column name text;\n');
      project.write('migrations/003_pending.sql', 'alter table item add column qty int;\n');
      const { migrations } = await plainSqlFormat.list((await plainSqlFormat.detect(project.root))!);

      await db.exec(PLAIN_SQL_HISTORY_DDL);
      await db.exec(PLAIN_SQL_HISTORY_DDL); // idempotent: deploy runs it every time
      await db.query(PLAIN_SQL_INSERT_HISTORY, ['001_init', sha256Hex('create table item (id int);\n'), 12]);
      await db.query(PLAIN_SQL_INSERT_HISTORY, ['002_edited', sha256Hex('alter table item add column title text;\n'), null]);
      await db.query(PLAIN_SQL_INSERT_HISTORY, ['000_gone', sha256Hex('select 1;'), 3]);

      const history = await plainSqlFormat.readHistory(db);
      expect(history.tableExists).toBe(true);
      expect(history.warnings).toEqual([]);
      expect(history.entries.map((e) => e.key).sort()).toEqual(['000_gone', '001_init', '002_edited']);
      for (const entry of history.entries) {
        expect(entry.state).toBe('applied');
        expect(entry.appliedAt).toMatch(ISO_8601);
      }
      const init = history.entries.find((e) => e.key === '001_init')!;
      expect(init).toMatchObject({ name: '001_init', checksum: sha256Hex('create table item (id int);\n'), logs: null });
      expect(plainSqlFormat.matchesApplied(migrations[0]!, init)).toBe(true);
      expect(plainSqlFormat.matchesApplied(migrations[0]!, { ...init, checksum: null })).toBeUndefined();

      const states = classifyMigrations(migrations, history.entries, plainSqlFormat);
      expect(states.map((s) => [s.id, s.status])).toEqual([
        ['000_gone', 'missing'],
        ['001_init', 'applied'],
        ['002_edited', 'modified'],
        ['003_pending', 'pending'],
      ]);
    } finally {
      project.remove();
    }
  });

  it('fills applied_by and applied_at from the session', async () => {
    await db.exec(PLAIN_SQL_HISTORY_DDL);
    await db.query(PLAIN_SQL_INSERT_HISTORY, ['001_init', sha256Hex('x'), 1]);
    const { rows } = await db.query<{ by_me: boolean; fresh: boolean }>(
      "SELECT applied_by = current_user AS by_me, applied_at > now() - interval '1 minute' AS fresh FROM pgpreflight.migrations",
    );
    expect(rows).toEqual([{ by_me: true, fresh: true }]);
  });

  it('reads a table with an extra and a missing column, with one warning', async () => {
    await db.exec(PLAIN_SQL_HISTORY_DDL);
    await db.query(PLAIN_SQL_INSERT_HISTORY, ['001_init', sha256Hex('x'), 1]);
    await db.exec('ALTER TABLE pgpreflight.migrations DROP COLUMN duration_ms, ADD COLUMN rolled_back_at timestamptz');
    const history = await plainSqlFormat.readHistory(db);
    expect(history.warnings).toHaveLength(1);
    expect(history.warnings[0]).toContain('missing column duration_ms');
    expect(history.warnings[0]).toContain('unexpected column rolled_back_at');
    expect(history.entries).toEqual([
      {
        key: '001_init',
        name: '001_init',
        state: 'applied',
        checksum: sha256Hex('x'),
        appliedAt: expect.stringMatching(ISO_8601),
        logs: null,
      },
    ]);
  });
}

onBothDatabases('plain SQL history table', historySuite);
