import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';
import { runCliProcess } from '../support/run-cli.js';

// The same migration three ways: UTF-8 (the clean twin), Latin-1 (é as the lone byte 0xe9), and with a NUL byte.
const UTF8 = Buffer.from("CREATE TABLE t (v text);\nINSERT INTO t VALUES ('café');\n", 'utf8');
const LATIN1 = Buffer.from("CREATE TABLE t (v text);\nINSERT INTO t VALUES ('café');\n", 'latin1');
const NUL = Buffer.concat([Buffer.from("CREATE TABLE t (v text);\nINSERT INTO t VALUES ('a"), Buffer.from([0]), Buffer.from("b');\n")]);
// Offset of é / of the NUL: after the first line (25 bytes) and "INSERT INTO t VALUES ('caf" / "('a".
const LATIN1_AT = LATIN1.indexOf(0xe9);
const NUL_AT = NUL.indexOf(0);

const LAYOUTS = {
  prisma: (p: FixtureProject, bytes: Buffer) => {
    p.write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
    return write(p, 'prisma/migrations/20240101000000_init/migration.sql', bytes);
  },
  supabase: (p: FixtureProject, bytes: Buffer) => {
    p.write('supabase/config.toml', 'project_id = "x"\n');
    return write(p, 'supabase/migrations/20240101000000_init.sql', bytes);
  },
  sql: (p: FixtureProject, bytes: Buffer) => write(p, 'migrations/V1__init.sql', bytes),
} as const;

function write(project: FixtureProject, file: string, bytes: Buffer): string {
  const full = path.join(project.root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, bytes);
  return file;
}

describe('migration files reach the database byte for byte', () => {
  const projects: FixtureProject[] = [];
  const project = (): FixtureProject => {
    const p = fixtureProject('pgpreflight-bytes-');
    projects.push(p);
    return p;
  };
  afterAll(() => projects.forEach((p) => p.remove()));

  for (const [format, layout] of Object.entries(LAYOUTS)) {
    it(`${format}: invalid UTF-8 and a NUL byte are refused at load naming file, line and byte offset; UTF-8 loads, checksummed by its bytes`, async () => {
      const latin = project();
      const latinFile = layout(latin, LATIN1);
      await expect(loadMigrationProject({ dir: latin.root })).rejects.toMatchObject({
        code: 'MIGRATION_INVALID',
        message: `${latinFile}:2: invalid UTF-8 (byte 0xe9) at byte offset ${LATIN1_AT}`,
      });
      const nul = project();
      const nulFile = layout(nul, NUL);
      await expect(loadMigrationProject({ dir: nul.root })).rejects.toMatchObject({
        code: 'MIGRATION_INVALID',
        message: `${nulFile}:2: a NUL byte (0x00) at byte offset ${NUL_AT}`,
      });

      const clean = project();
      layout(clean, UTF8);
      const loaded = await loadMigrationProject({ dir: clean.root });
      expect(loaded.migrations[0]!.sql).toBe(UTF8.toString('utf8'));
      expect(loaded.migrations[0]!.checksum).toBe(createHash('sha256').update(UTF8).digest('hex'));
    });
  }

  it('a Prisma migration folder without migration.sql is a project that cannot be read: exit 2, naming the file', async () => {
    const p = project();
    LAYOUTS.prisma(p, UTF8);
    p.write('prisma/migrations/20240102000000_empty/README.md', 'nothing here\n');
    await expect(loadMigrationProject({ dir: p.root })).rejects.toMatchObject({
      code: 'MIGRATION_READ_FAILED',
      exitCode: 2,
      message: 'prisma/migrations/20240102000000_empty/migration.sql: missing',
    });
  });

  it('a byte order mark is kept in the text and in the checksum', async () => {
    const p = project();
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), UTF8]);
    LAYOUTS.prisma(p, bytes);
    const [migration] = (await loadMigrationProject({ dir: p.root })).migrations;
    expect(migration!.sql.charCodeAt(0)).toBe(0xfeff);
    expect(migration!.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('lint refuses the same bytes in a file it is given (exit 2, one line), and passes the UTF-8 twin', async () => {
    const p = project();
    write(p, 'latin1.sql', LATIN1);
    write(p, 'utf8.sql', UTF8);
    const bad = await runCliProcess(['lint', 'latin1.sql', '--no-color'], { cwd: p.root });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      `error: latin1.sql:2: invalid UTF-8 (byte 0xe9) at byte offset ${LATIN1_AT} — save the file as UTF-8 (PostgreSQL and psql refuse other bytes), e.g. iconv -f latin1 -t utf-8 [MIGRATION_INVALID]`,
    );
    const good = await runCliProcess(['lint', 'utf8.sql', '--no-color'], { cwd: p.root });
    expect(good.code, good.stderr).toBe(0);
  }, 60_000);
});
