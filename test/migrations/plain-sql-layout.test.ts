import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plainSqlFormat } from '../../src/migrations/plain-sql/plain-sql-format.js';
import { sha256Hex } from '../../src/migrations/sha256-hex.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';

let project: FixtureProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

function projectWith(files: Readonly<Record<string, string>>): FixtureProject {
  project = fixtureProject('pgpreflight-plain-sql-');
  for (const [file, sql] of Object.entries(files)) project.write(file, sql);
  return project;
}

describe('plain SQL layout detection', () => {
  it('finds .sql files in the folder itself, in migrations/ and in db/migrations/', async () => {
    const { root } = projectWith({
      'a/001_init.sql': 'select 1;',
      'b/migrations/001_init.sql': 'select 1;',
      'c/db/migrations/001_init.sql': 'select 1;',
    });
    expect(await plainSqlFormat.detect(path.join(root, 'a'))).toEqual({
      format: 'sql',
      migrationsDir: path.join(root, 'a'),
      projectRoot: path.join(root, 'a'),
    });
    expect(await plainSqlFormat.detect(path.join(root, 'b'))).toEqual({
      format: 'sql',
      migrationsDir: path.join(root, 'b', 'migrations'),
      projectRoot: path.join(root, 'b'),
    });
    expect(await plainSqlFormat.detect(path.join(root, 'c'))).toEqual({
      format: 'sql',
      migrationsDir: path.join(root, 'c', 'db', 'migrations'),
      projectRoot: path.join(root, 'c'),
    });
    // Pointed at the migrations folder directly, paths stay relative to the project above it.
    expect(await plainSqlFormat.detect(path.join(root, 'c', 'db', 'migrations'))).toEqual({
      format: 'sql',
      migrationsDir: path.join(root, 'c', 'db', 'migrations'),
      projectRoot: path.join(root, 'c'),
    });
  });

  it('ignores folders with no migration file, and Supabase and Prisma layouts', async () => {
    const { root } = projectWith({
      'empty/migrations/001_init.down.sql': 'drop table t;',
      'empty/notes.txt': 'x',
      'supa/supabase/migrations/20240101000000_init.sql': 'select 1;',
      'prisma-app/prisma/migrations/20240101000000_init/migration.sql': 'select 1;',
      'prisma-app/prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
    });
    expect(await plainSqlFormat.detect(path.join(root, 'empty'))).toBeUndefined();
    expect(await plainSqlFormat.detect(path.join(root, 'supa'))).toBeUndefined();
    expect(await plainSqlFormat.detect(path.join(root, 'supa', 'supabase', 'migrations'))).toBeUndefined();
    expect(await plainSqlFormat.detect(path.join(root, 'prisma-app'))).toBeUndefined();
    expect(await plainSqlFormat.detect(path.join(root, 'prisma-app', 'prisma'))).toBeUndefined();
  });
});

describe('plain SQL listing', () => {
  it('orders by file name in code-unit order and skips .down.sql, folders and other files', async () => {
    const { root } = projectWith({
      'migrations/9_x.sql': 'select 9;',
      'migrations/10_x.sql': 'select 10;',
      'migrations/10_x.down.sql': 'select -10;',
      'migrations/002_b.sql': 'select 2;',
      'migrations/001_a.sql': 'select 1;',
      'migrations/B_upper.sql': 'select 11;',
      'migrations/a_lower.sql': 'select 12;',
      'migrations/README.md': '# notes',
      'migrations/archive/000_old.sql': 'select 0;',
    });
    const { migrations } = await plainSqlFormat.list((await plainSqlFormat.detect(root))!);
    // Code units: digits < upper case < lower case; "10_x" < "9_x" because '1' < '9'.
    expect(migrations.map((m) => m.id)).toEqual(['001_a', '002_b', '10_x', '9_x', 'B_upper', 'a_lower']);
    expect(migrations.map((m) => m.historyKey)).toEqual(migrations.map((m) => m.id));
    expect(migrations.map((m) => m.name)).toEqual(['a', 'b', 'x', 'x', 'B_upper', 'a_lower']);
    const tenth = migrations[2]!;
    expect(tenth.path).toBe('migrations/10_x.sql');
    expect(tenth.absolutePath).toBe(path.join(root, 'migrations', '10_x.sql'));
    expect(tenth.sql).toBe('select 10;');
    expect(tenth.checksum).toBe(sha256Hex('select 10;'));
  });

  it('hashes the file bytes as they are (CRLF and byte order mark included)', async () => {
    const { root } = projectWith({ 'sql/1_crlf.sql': '\ufeffselect 1;\r\n' });
    const [migration] = (await plainSqlFormat.list((await plainSqlFormat.detect(path.join(root, 'sql')))!)).migrations;
    expect(migration!.checksum).toBe(sha256Hex(Buffer.from('\ufeffselect 1;\r\n', 'utf8')));
    expect(migration!.checksum).not.toBe(sha256Hex('select 1;\n'));
  });
});
