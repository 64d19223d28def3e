import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { classifyMigrations } from '../../src/migrations/classify-migrations.js';
import type { Migration } from '../../src/migrations/migration.js';
import { readSupabaseHistory, type SupabaseHistoryEntry } from '../../src/migrations/supabase/read-supabase-history.js';
import { splitSupabaseStatements } from '../../src/migrations/supabase/split-supabase-statements.js';
import { SUPABASE_CREATE_HISTORY_DDL, SUPABASE_INSERT_HISTORY } from '../../src/migrations/supabase/supabase-history-sql.js';
import { supabaseFormat } from '../../src/migrations/supabase/supabase-format.js';
import { fixtureProject } from '../support/fixture-project.js';
import { onBothDatabases } from '../support/both-databases.js';

const FILES = {
  '20240101000000_init':
    "create table item (id int primary key);\n-- a comment; with a semicolon\ncomment on table item is 'items; all of them';\nselect '{\"a\": \"b\\\\c\"}'::jsonb, 'NULL', 'é€😀';\n",
  '20240102000000_fn':
    'create function touch() returns trigger language plpgsql as $body$\nbegin\n  new.updated_at = now();\n  return new;\nend;\n$body$;\n',
  '20240103000000_edited': 'alter table item add column name text;\n',
  '20240104000000_spaced': 'alter table item add column qty int;\n',
  '20240105000000_old_row': 'alter table item add column price numeric;\n',
  '20240106000000_pending': 'create index item_name_idx on item (name);\n',
} as const;

/** What `supabase db push` does for one file: the history table, then its row in the same batch. */
async function cliApply(db: DatabaseClient, id: string, sql: string): Promise<void> {
  const [, version, name] = /^([0-9]+)_(.*)$/.exec(id)!;
  await db.exec(SUPABASE_CREATE_HISTORY_DDL);
  await db.query(SUPABASE_INSERT_HISTORY, [version, name, splitSupabaseStatements(sql)]);
}

async function listFixture(): Promise<{ migrations: readonly Migration[]; remove(): void }> {
  const project = fixtureProject('pgpreflight-supabase-history-');
  for (const [id, sql] of Object.entries(FILES)) project.write(`supabase/migrations/${id}.sql`, sql);
  const { migrations } = await supabaseFormat.list((await supabaseFormat.detect(project.root))!);
  return { migrations, remove: () => project.remove() };
}

function historySuite(database: () => DatabaseClient): void {
  let db: DatabaseClient;
  beforeAll(() => {
    db = database();
  });
  beforeEach(async () => {
    await db.exec('RESET ALL; DROP SCHEMA IF EXISTS supabase_migrations CASCADE');
  });

  it('reads a missing table as nothing applied, without error', async () => {
    expect(await supabaseFormat.readHistory(db)).toEqual({
      table: 'supabase_migrations.schema_migrations',
      tableExists: false,
      entries: [],
      warnings: [],
    });
  });

  it('reads rows the CLI wrote and judges edits by the recorded statements', async () => {
    const fixture = await listFixture();
    try {
      await cliApply(db, '20240101000000_init', FILES['20240101000000_init']);
      await cliApply(db, '20240102000000_fn', FILES['20240102000000_fn']);
      await cliApply(db, '20240103000000_edited', 'alter table item add column title text;\n');
      // Applied with other spacing and an empty statement: the CLI records the same statements.
      await cliApply(db, '20240104000000_spaced', '\n\nalter table item add column qty int ;;\n\n');
      // Applied, then its file deleted.
      await cliApply(db, '20231231000000_gone', 'select 1;');
      // A row without statements, as a CLI older than the column (or `repair` by hand) leaves.
      await db.exec("INSERT INTO supabase_migrations.schema_migrations (version) VALUES ('20240105000000')");

      const history = await supabaseFormat.readHistory(db);
      expect(history.tableExists).toBe(true);
      expect(history.warnings).toEqual([]);
      const entries = history.entries as readonly SupabaseHistoryEntry[];
      expect(entries.map((e) => [e.key, e.name, e.state, e.checksum])).toEqual([
        ['20231231000000', 'gone', 'applied', null],
        ['20240101000000', 'init', 'applied', null],
        ['20240102000000', 'fn', 'applied', null],
        ['20240103000000', 'edited', 'applied', null],
        ['20240104000000', 'spaced', 'applied', null],
        ['20240105000000', null, 'applied', null],
      ]);
      expect(entries[1]!.statements).toEqual([
        'create table item (id int primary key)',
        "-- a comment; with a semicolon\ncomment on table item is 'items; all of them'",
        // Array syntax characters, a backslash, the word NULL and multi-byte text survive text[].
        "select '{\"a\": \"b\\\\c\"}'::jsonb, 'NULL', 'é€😀'",
      ]);
      expect(entries[2]!.statements).toEqual([
        'create function touch() returns trigger language plpgsql as $body$\nbegin\n  new.updated_at = now();\n  return new;\nend;\n$body$',
      ]);
      expect(entries[5]!.statements).toBeNull();

      const byId = new Map(fixture.migrations.map((m) => [m.historyKey, m]));
      const entry = (key: string) => entries.find((e) => e.key === key)!;
      expect(supabaseFormat.matchesApplied(byId.get('20240101000000')!, entry('20240101000000'))).toBe(true);
      expect(supabaseFormat.matchesApplied(byId.get('20240103000000')!, entry('20240103000000'))).toBe(false);
      expect(supabaseFormat.matchesApplied(byId.get('20240104000000')!, entry('20240104000000'))).toBe(true);
      expect(supabaseFormat.matchesApplied(byId.get('20240105000000')!, entry('20240105000000'))).toBeUndefined();

      const states = classifyMigrations(fixture.migrations, entries, supabaseFormat);
      expect(states.map((s) => [s.id, s.status])).toEqual([
        ['20231231000000_gone', 'missing'],
        ['20240101000000_init', 'applied'],
        ['20240102000000_fn', 'applied'],
        ['20240103000000_edited', 'modified'],
        ['20240104000000_spaced', 'applied'],
        ['20240105000000_old_row', 'applied'],
        ['20240106000000_pending', 'pending'],
      ]);
    } finally {
      fixture.remove();
    }
  });

  it('accepts the columns the hosted platform adds, without a warning', async () => {
    await cliApply(db, '20240101000000_init', FILES['20240101000000_init']);
    await db.exec(
      'ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN created_by text, ADD COLUMN idempotency_key text, ADD COLUMN rollback text[]',
    );
    const history = await readSupabaseHistory(db);
    expect(history.warnings).toEqual([]);
    expect(history.entries.map((e) => e.key)).toEqual(['20240101000000']);
  });

  it('reads a table from another version with one warning naming the missing and the unexpected column', async () => {
    await cliApply(db, '20240101000000_init', FILES['20240101000000_init']);
    await db.exec('ALTER TABLE supabase_migrations.schema_migrations DROP COLUMN name, ADD COLUMN inserted_at timestamptz DEFAULT now()');
    const history = await readSupabaseHistory(db);
    expect(history.warnings).toHaveLength(1);
    expect(history.warnings[0]).toContain('missing column name');
    expect(history.warnings[0]).toContain('unexpected column inserted_at');
    const [entry] = history.entries as readonly SupabaseHistoryEntry[];
    expect(entry).toMatchObject({ key: '20240101000000', name: null, state: 'applied' });
    expect(entry!.statements).toHaveLength(3);
  });

  it('reads a table made by an old CLI (version only): applied, but edits cannot be judged', async () => {
    await db.exec(
      "CREATE SCHEMA supabase_migrations; CREATE TABLE supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY); INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101000000')",
    );
    const history = await readSupabaseHistory(db);
    expect(history.warnings).toHaveLength(1);
    expect(history.warnings[0]).toContain('missing columns statements, name');
    expect(history.entries.map((e) => [e.key, e.name, (e as SupabaseHistoryEntry).statements])).toEqual([['20240101000000', null, null]]);
  });

  it('cannot read rows without version: one warning, no entries', async () => {
    await db.exec('CREATE SCHEMA supabase_migrations; CREATE TABLE supabase_migrations.schema_migrations (id text, statements text[])');
    const history = await readSupabaseHistory(db);
    expect(history.tableExists).toBe(true);
    expect(history.entries).toEqual([]);
    expect(history.warnings).toHaveLength(1);
    expect(history.warnings[0]).toMatch(/missing columns version, name and unexpected column id; .*treated as empty/);
  });
}

onBothDatabases('Supabase history table', historySuite);
