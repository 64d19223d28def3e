import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { withServerShadow } from '../deploy/deploy-fixtures.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';
import { runCliProcess, type CliRun } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

let project: FixtureProject;
let target: TestDatabase;

async function cli(args: readonly string[]): Promise<CliRun> {
  return runCliProcess([...args, '--url', target.url], { cwd: project.root });
}

async function json(args: readonly string[]): Promise<any> {
  const run = await cli([...args, '--format', 'json']);
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`${args.join(' ')} printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

async function columns(table: string): Promise<string[]> {
  const { rows } = await adminQuery(
    target.url,
    'SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
    [table],
  );
  return rows.map((r) => r.column_name as string);
}

async function statuses(): Promise<Record<string, string>> {
  const status = await json(['status']);
  return Object.fromEntries(status.migrations.map((m: { id: string; status: string }) => [m.id, m.status]));
}

describeServer('the rollback conventions of the tools whose folders are read as plain SQL', () => {
  beforeEach(async () => {
    project = fixtureProject('pgpreflight-conventions-');
    target = await createTestDatabase();
  });
  afterEach(async () => {
    project.remove();
    await target.drop();
  });

  it('dbmate: only the -- migrate:up section is applied; rollback runs -- migrate:down; generate fills an empty one in place', async () => {
    project.write(
      'db/migrations/20240101000000_init.sql',
      '-- migrate:up\nCREATE TABLE item (id bigint PRIMARY KEY, kind text);\n\n-- migrate:down\nDROP TABLE item;\n',
    );
    project.write(
      'db/migrations/20240102000000_note.sql',
      '-- migrate:up\nALTER TABLE item ADD COLUMN note text;\n\n-- migrate:down\nALTER TABLE item DROP COLUMN note;\n',
    );
    const deployed = await json(withServerShadow(['deploy']));
    expect(deployed.outcome, JSON.stringify(deployed.findings)).toBe('deployed');
    // Run whole, each file would have dropped what it created.
    expect(await columns('item')).toEqual(['id', 'kind', 'note']);

    // lint, named a dbmate file, reads what runs: the up section (the DROP TABLE is the down one's).
    project.write('review/20240109000000_legacy.sql', '-- migrate:up\nSELECT 1;\n\n-- migrate:down\nDROP TABLE legacy;\n');
    const linted = await runCliProcess(['lint', 'review/20240109000000_legacy.sql', '--format', 'json'], { cwd: project.root });
    expect(linted.code, linted.stderr).toBe(0);
    expect(JSON.parse(linted.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('drop-table');

    const rolledBack = await cli(['rollback']);
    expect(rolledBack.code, rolledBack.stdout + rolledBack.stderr).toBe(0);
    expect(await columns('item')).toEqual(['id', 'kind']);
    expect((await statuses())['20240102000000_note']).not.toBe('applied');

    // A migration whose down section is empty: check names the section; generate writes it there.
    const file = 'db/migrations/20240103000000_flag.sql';
    project.write(file, '-- migrate:up\nCREATE TABLE flag (id bigint PRIMARY KEY);\n\n-- migrate:down\n');
    const checked = await json(['check']);
    const missing = checked.findings.find(
      (f: { ruleId: string; migration: string }) => f.ruleId === 'rollback-missing' && f.migration === '20240103000000_flag',
    );
    expect(missing?.message).toContain(`expected at ${file} (its -- migrate:down section)`);
    const generated = await cli(withServerShadow(['rollback', 'generate', '20240103000000_flag']));
    expect(generated.code, generated.stdout + generated.stderr).toBe(0);
    const text = readFileSync(path.join(project.root, file), 'utf8');
    expect(text.startsWith('-- migrate:up\nCREATE TABLE flag (id bigint PRIMARY KEY);\n\n-- migrate:down\n')).toBe(true);
    expect(text).toContain('DROP TABLE "public"."flag";');
    expect(text.match(/-- migrate:down/g)).toHaveLength(1);
    const again = await cli(withServerShadow(['rollback', 'generate', '20240103000000_flag']));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${file} already has its -- migrate:down section`);

    // Writing the down section does not make an applied migration `modified`: the checksum is the up section's.
    const second = await json(withServerShadow(['deploy']));
    expect(second.outcome, JSON.stringify(second.findings)).toBe('deployed');
    const forced = await cli(withServerShadow(['rollback', 'generate', '20240103000000_flag', '--force']));
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(await statuses()).toEqual({
      '20240101000000_init': 'applied',
      '20240102000000_note': 'applied',
      '20240103000000_flag': 'applied',
    });
  }, 240_000);

  it('golang-migrate: <version>_<name>.up.sql is the migration, named without .up; .down.sql beside it is its rollback', async () => {
    project.write('migrations/000001_init.up.sql', 'CREATE TABLE item (id bigint PRIMARY KEY);\n');
    project.write('migrations/000001_init.down.sql', 'DROP TABLE item;\n');
    project.write('migrations/000002_note.up.sql', 'ALTER TABLE item ADD COLUMN note text;\n');
    project.write('migrations/000002_note.down.sql', 'ALTER TABLE item DROP COLUMN note;\n');
    expect(Object.keys(await statuses())).toEqual(['000001_init', '000002_note']);
    const deployed = await json(withServerShadow(['deploy']));
    expect(deployed.outcome, JSON.stringify(deployed.findings)).toBe('deployed');
    const rolledBack = await cli(['rollback']);
    expect(rolledBack.code, rolledBack.stdout + rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain('migrations/000002_note.down.sql');
    expect(await columns('item')).toEqual(['id']);
  }, 240_000);

  it('a target whose history golang-migrate keeps: status says so, deploy refuses until the history is adopted with resolve', async () => {
    project.write('migrations/000001_init.up.sql', 'CREATE TABLE item (id bigint PRIMARY KEY);\n');
    project.write('migrations/000001_init.down.sql', 'DROP TABLE item;\n');
    project.write('migrations/000002_note.up.sql', 'ALTER TABLE item ADD COLUMN note text;\n');
    project.write('migrations/000002_note.down.sql', 'ALTER TABLE item DROP COLUMN note;\n');
    // What `migrate up 1` leaves: the table, and its one-row history.
    await adminQuery(target.url, 'CREATE TABLE item (id bigint PRIMARY KEY)');
    await adminQuery(target.url, 'CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)');
    await adminQuery(target.url, 'INSERT INTO schema_migrations VALUES (1, false)');

    const status = await json(['status']);
    expect(JSON.stringify(status.findings)).toContain('public.schema_migrations holds this database');
    const refused = await json(withServerShadow(['deploy']));
    expect(refused.outcome).toBe('refused');
    expect(refused.findings[0]).toMatchObject({ ruleId: 'deploy-foreign-history', severity: 'error' });
    expect(refused.findings[0].message).toContain('deploy would apply every migration again');
    expect(await columns('item')).toEqual(['id']);

    const adopted = await cli(['resolve', '000001_init', '--applied']);
    expect(adopted.code, adopted.stdout + adopted.stderr).toBe(0);
    const deployed = await json(withServerShadow(['deploy']));
    expect(deployed.outcome, JSON.stringify(deployed.findings)).toBe('deployed');
    expect(deployed.migrations.map((m: { id: string }) => m.id)).toEqual(['000002_note']);
    expect(await columns('item')).toEqual(['id', 'note']);
  }, 240_000);

  it('Flyway: V… files in version order (V2 before V10), U… is the undo, R__ and callbacks are named and left alone', async () => {
    project.write('migrations/V1__init.sql', 'CREATE TABLE item (id bigint PRIMARY KEY);\n');
    project.write('migrations/V2__note.sql', 'ALTER TABLE item ADD COLUMN note text;\n');
    project.write('migrations/V10__flag.sql', 'ALTER TABLE item ADD COLUMN flag boolean;\n');
    project.write('migrations/U10__flag.sql', 'ALTER TABLE item DROP COLUMN flag;\n');
    project.write('migrations/R__views.sql', 'CREATE OR REPLACE VIEW item_view AS SELECT * FROM item;\n');
    project.write('migrations/afterMigrate.sql', 'ANALYZE;\n');
    const status = await json(['status']);
    expect(status.migrations.map((m: { id: string }) => m.id)).toEqual(['V1__init', 'V2__note', 'V10__flag']);
    expect(JSON.stringify(status.findings)).toContain('migrations/R__views.sql: a Flyway repeatable migration');
    expect(JSON.stringify(status.findings)).toContain('migrations/afterMigrate.sql: a Flyway callback');
    const deployed = await json(withServerShadow(['deploy']));
    expect(deployed.outcome, JSON.stringify(deployed.findings)).toBe('deployed');
    expect(await columns('item')).toEqual(['id', 'note', 'flag']);
    const rolledBack = await cli(['rollback']);
    expect(rolledBack.code, rolledBack.stdout + rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain('migrations/U10__flag.sql');
    expect(await columns('item')).toEqual(['id', 'note']);
  }, 240_000);
});
