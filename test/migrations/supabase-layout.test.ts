import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listSupabaseMigrations } from '../../src/migrations/supabase/list-supabase-migrations.js';
import { supabaseFormat } from '../../src/migrations/supabase/supabase-format.js';
import { sha256Hex } from '../../src/migrations/sha256-hex.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';

let project: FixtureProject | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

function supabaseProject(files: Readonly<Record<string, string>>): FixtureProject {
  project = fixtureProject('pgpreflight-supabase-');
  project.write('supabase/config.toml', 'project_id = "fixture"\n');
  mkdirSync(path.join(project.root, 'supabase', 'migrations'), { recursive: true });
  for (const [name, sql] of Object.entries(files)) project.write(`supabase/migrations/${name}`, sql);
  return project;
}

describe('Supabase layout detection', () => {
  it('finds supabase/migrations from the project root, the supabase folder and the folder itself', async () => {
    const { root } = supabaseProject({ '20240101000000_init_schema.sql': 'select 1;' });
    const migrationsDir = path.join(root, 'supabase', 'migrations');
    const expected = { format: 'supabase', migrationsDir, projectRoot: root };
    expect(await supabaseFormat.detect(root)).toEqual(expected);
    expect(await supabaseFormat.detect(path.join(root, 'supabase'))).toEqual(expected);
    expect(await supabaseFormat.detect(migrationsDir)).toEqual(expected);
  });

  it('recognises an empty migrations folder (so the caller can say "no migrations")', async () => {
    const { root } = supabaseProject({});
    expect((await supabaseFormat.detect(root))?.format).toBe('supabase');
    expect((await supabaseFormat.list((await supabaseFormat.detect(root))!)).migrations).toEqual([]);
  });

  it('does not claim other layouts', async () => {
    project = fixtureProject('pgpreflight-supabase-');
    project.write('migrations/0001_init.sql', 'select 1;');
    project.write('prisma/migrations/20240101000000_init/migration.sql', 'select 1;');
    project.write('other/migrations/20240101000000_x.sql', 'select 1;');
    expect(await supabaseFormat.detect(project.root)).toBeUndefined();
    expect(await supabaseFormat.detect(path.join(project.root, 'migrations'))).toBeUndefined();
    expect(await supabaseFormat.detect(path.join(project.root, 'other', 'migrations'))).toBeUndefined();
  });
});

describe('Supabase migration listing', () => {
  it('orders by file name in byte order, takes version and name from the file name, and hashes the bytes', async () => {
    const { root } = supabaseProject({
      '20240102000000_second.sql': 'select 2;',
      '20240101000000_first_one.sql': 'select 1;',
      '9_short.sql': 'select 9;',
      '20240103000000_dotted.name.sql.sql': 'select 3;',
      '20240104000000_.sql': 'select 4;',
    });
    const layout = (await supabaseFormat.detect(root))!;
    const { migrations, warnings } = await listSupabaseMigrations(layout);
    expect(warnings).toEqual([]);
    // Byte order, not numeric: "9_short" sorts after every "2024…" name.
    expect(migrations.map((m) => [m.id, m.historyKey, m.name])).toEqual([
      ['20240101000000_first_one', '20240101000000', 'first_one'],
      ['20240102000000_second', '20240102000000', 'second'],
      ['20240103000000_dotted.name.sql', '20240103000000', 'dotted.name.sql'],
      ['20240104000000_', '20240104000000', ''],
      ['9_short', '9', 'short'],
    ]);
    const first = migrations[0]!;
    expect(first.path).toBe('supabase/migrations/20240101000000_first_one.sql');
    expect(first.absolutePath).toBe(path.join(root, 'supabase', 'migrations', '20240101000000_first_one.sql'));
    expect(first.sql).toBe('select 1;');
    expect(first.checksum).toBe(sha256Hex('select 1;'));
  });

  it('skips files the CLI skips, with its messages, and ignores folders', async () => {
    const { root } = supabaseProject({
      '.gitkeep': '',
      'README.md': '# notes',
      'seed.sql': 'insert into t values (1);',
      '20240101000000_init.SQL': 'select 0;',
      'v2_x.sql': 'select 0;',
      '20240101000000_ok.sql': 'select 1;',
      'archive/20230101000000_old.sql': 'select 0;',
    });
    const { migrations, warnings } = await listSupabaseMigrations((await supabaseFormat.detect(root))!);
    expect(migrations.map((m) => m.id)).toEqual(['20240101000000_ok']);
    const pattern = '... (file name must match pattern "<timestamp>_name.sql")';
    expect(warnings).toEqual([
      `Skipping migration .gitkeep${pattern}`,
      `Skipping migration 20240101000000_init.SQL${pattern}`,
      `Skipping migration README.md${pattern}`,
      `Skipping migration seed.sql${pattern}`,
      `Skipping migration v2_x.sql${pattern}`,
    ]);
  });

  it('skips a pre-2021-12-09 <timestamp>_init.sql only when it is the first entry', async () => {
    const { root } = supabaseProject({ '20211208000000_init.sql': 'select 0;', '20220101000000_next.sql': 'select 1;' });
    const first = await listSupabaseMigrations((await supabaseFormat.detect(root))!);
    expect(first.migrations.map((m) => m.id)).toEqual(['20220101000000_next']);
    expect(first.warnings).toEqual([
      'Skipping migration 20211208000000_init.sql... (replace "init" with a different file name to apply this migration)',
    ]);
    project!.remove();

    // A newer init, or one that is not the first entry, is an ordinary migration.
    const { root: other } = supabaseProject({
      '1_a.sql': 'select 0;',
      '20211208000000_init.sql': 'select 1;',
      '20211209000000_init.sql': 'select 2;',
    });
    const later = await listSupabaseMigrations((await supabaseFormat.detect(other))!);
    expect(later.migrations.map((m) => m.id)).toEqual(['1_a', '20211208000000_init', '20211209000000_init']);
    expect(later.warnings).toEqual([]);
  });

  it('refuses two files that share a version, which the CLI cannot record twice (exit 2, naming both)', async () => {
    const { root } = supabaseProject({ '20240101000000_a.sql': 'select 1;', '20240101000000_b.sql': 'select 2;' });
    await expect(listSupabaseMigrations((await supabaseFormat.detect(root))!)).rejects.toMatchObject({
      code: 'MIGRATION_DUPLICATE',
      exitCode: 2,
      message: 'supabase/migrations/20240101000000_a.sql and supabase/migrations/20240101000000_b.sql are both version 20240101000000',
    });
  });

  it('keeps a byte order mark in the text, as the CLI records it', async () => {
    const { root } = supabaseProject({ '20240101000000_bom.sql': '\ufeffselect 1;\n' });
    const [migration] = (await supabaseFormat.list((await supabaseFormat.detect(root))!)).migrations;
    expect(migration!.sql.charCodeAt(0)).toBe(0xfeff);
    expect(migration!.checksum).toBe(sha256Hex(Buffer.from('\ufeffselect 1;\n')));
  });
});
