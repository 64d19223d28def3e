import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgPreflightError } from '../../src/core/pgpreflight-error.js';
import { PGLITE_EXTENSION_NAMES } from '../../src/db/pglite-extensions.js';
import { openCachedShadow, type CachedShadow, type OpenCachedShadowOptions } from '../../src/db/shadow-cache.js';
import { fillShadow, itemCount } from './support/shadow-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const JITI = path.join(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs');
const CHILD = path.join(import.meta.dirname, 'support/shadow-child.ts');
const DOCUMENSO = path.resolve(import.meta.dirname, '../../../shared/corpus/documenso/prisma/migrations');

// One cache for most tests, so initdb runs once; every test uses its own key.
let cacheDir: string;
const extraDirs: string[] = [];

beforeAll(() => {
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-shadow-test-'));
});
afterAll(() => {
  for (const dir of [cacheDir, ...extraDirs]) rmSync(dir, { recursive: true, force: true });
});

function freshCacheDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-shadow-test-'));
  extraDirs.push(dir);
  return dir;
}

/** Opens a shadow that counts its builds; `extensions: []` keeps start-up fast where none are needed. */
async function open(key: string, more: Partial<OpenCachedShadowOptions> = {}): Promise<CachedShadow & { builds: number }> {
  let builds = 0;
  const shadow = await openCachedShadow({
    cacheDir,
    key,
    extensions: [],
    build: async (client) => {
      builds++;
      await fillShadow(client);
    },
    ...more,
  });
  return Object.assign(shadow, { builds });
}

const tmpDir = (dir = cacheDir): string => path.join(dir, 'shadow', 'tmp');
const entryDirs = (dir = cacheDir): string[] => readdirSync(path.join(dir, 'shadow', 'entries'));

describe('openCachedShadow', () => {
  it('builds on a miss, then serves the cached database without building', async () => {
    const first = await open('miss-then-hit');
    expect(first).toMatchObject({ fromCache: false, builds: 1 });
    expect(await itemCount(first.client)).toBe(3);
    await first.client.close();

    const second = await open('miss-then-hit');
    expect(second).toMatchObject({ fromCache: true, builds: 0, notes: [] });
    expect(await itemCount(second.client)).toBe(3);
    expect(second.timings.build).toBe(0);
    await second.client.close();
  });

  it('keeps the cached entry untouched by writes on a shadow', async () => {
    await (await open('isolation')).client.close();
    const a = await open('isolation');
    const b = await open('isolation');
    await a.client.exec(`INSERT INTO item VALUES (100, 'written on a'); ALTER TABLE item ADD COLUMN extra int`);
    await b.client.exec('DELETE FROM item');
    expect(await itemCount(a.client)).toBe(4);
    expect(await itemCount(b.client)).toBe(0);
    await a.client.close();
    await b.client.close();

    const c = await open('isolation');
    expect(c.fromCache).toBe(true);
    expect(await itemCount(c.client)).toBe(3);
    const { rows } = await c.client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'item' AND column_name = 'extra'`);
    expect(rows).toHaveLength(0);
    await c.client.close();
  });

  it('leaves nothing on disk for an open shadow, before or after close', async () => {
    await (await open('nothing-on-disk')).client.close();
    const shadow = await open('nothing-on-disk');
    expect(shadow.fromCache).toBe(true);
    expect(readdirSync(tmpDir())).toEqual([]);
    await shadow.client.exec('CREATE TABLE big AS SELECT g FROM generate_series(1, 10000) AS g');
    await shadow.client.close();
    expect(readdirSync(tmpDir())).toEqual([]);
  });

  it('caches nothing and leaves no temporary folder when the build fails', async () => {
    const failing = open('failing-build', {
      build: async (client) => {
        await client.exec('CREATE TABLE half_done (id int)');
        await client.exec('SELECT * FROM no_such_table');
      },
    });
    await expect(failing).rejects.toMatchObject({ sqlState: '42P01' });
    expect(readdirSync(tmpDir())).toEqual([]);
    const retry = await open('failing-build');
    expect(retry).toMatchObject({ fromCache: false, builds: 1 });
    await retry.client.close();
  });

  it('lets two concurrent opens of a missing key both succeed, leaving one entry', async () => {
    const dir = freshCacheDir();
    const [a, b] = await Promise.all([open('concurrent', { cacheDir: dir }), open('concurrent', { cacheDir: dir })]);
    expect(a.builds + b.builds).toBe(2);
    expect(await itemCount(a.client)).toBe(3);
    expect(await itemCount(b.client)).toBe(3);
    await a.client.close();
    await b.client.close();
    expect(entryDirs(dir)).toHaveLength(1);
    const hit = await open('concurrent', { cacheDir: dir });
    expect(hit).toMatchObject({ fromCache: true, builds: 0 });
    await hit.client.close();
    expect(readdirSync(tmpDir(dir))).toEqual([]);
  });

  it('lets two processes build the same key at the same time', async () => {
    const dir = freshCacheDir();
    // The empty cluster first, so both processes reach the build step together.
    await (await open('warm-up', { cacheDir: dir })).client.close();
    const runs = await Promise.all([runChild(dir, 'two-processes', 'open'), runChild(dir, 'two-processes', 'open')]);
    for (const run of runs) expect(run).toMatchObject({ code: 0, result: { fromCache: false, items: 3 } });
    expect(entryDirs(dir)).toHaveLength(2);
    const hit = await open('two-processes', { cacheDir: dir });
    expect(hit).toMatchObject({ fromCache: true, builds: 0 });
    await hit.client.close();
    expect(readdirSync(tmpDir(dir))).toEqual([]);
  });

  it('removes its build folder when the process exits in the middle of a build', async () => {
    const run = await runChild(cacheDir, 'exit-in-build', 'exit-in-build');
    expect(run.code).toBe(0);
    expect(run.result?.tmp).toHaveLength(1);
    expect(readdirSync(tmpDir())).toEqual([]);
  });

  it('sweeps the build folder of a killed process on the next open', async () => {
    const run = await runChild(cacheDir, 'killed-in-build', 'hang-in-build');
    expect(run.signal).toBe('SIGKILL');
    expect(run.result?.tmp).toHaveLength(1);
    expect(readdirSync(tmpDir())).toEqual(run.result?.tmp);
    const next = await open('killed-in-build');
    expect(next).toMatchObject({ fromCache: false, builds: 1 });
    expect(readdirSync(tmpDir())).toEqual([]);
    await next.client.close();
  });

  it('discards and rebuilds an entry with a missing PG_VERSION', async () => {
    await (await open('no-pg-version')).client.close();
    rmSync(path.join(await entryFor('no-pg-version'), 'data', 'PG_VERSION'));
    const rebuilt = await open('no-pg-version');
    expect(rebuilt).toMatchObject({ fromCache: false, builds: 1 });
    expect(rebuilt.notes.join('\n')).toMatch(/discarded a broken cached shadow \(data\/PG_VERSION is missing\)/);
    expect(await itemCount(rebuilt.client)).toBe(3);
    await rebuilt.client.close();
    const again = await open('no-pg-version');
    expect(again.fromCache).toBe(true);
    await again.client.close();
  });

  it('discards and rebuilds an entry that PGlite cannot open', async () => {
    await (await open('garbage-control')).client.close();
    writeFileSync(path.join(await entryFor('garbage-control'), 'data', 'global', 'pg_control'), Buffer.alloc(8192, 7));
    const rebuilt = await open('garbage-control');
    expect(rebuilt).toMatchObject({ fromCache: false, builds: 1 });
    expect(rebuilt.notes.join('\n')).toMatch(/discarded a cached shadow that failed to open/);
    expect(await itemCount(rebuilt.client)).toBe(3);
    await rebuilt.client.close();
    expect(readdirSync(tmpDir())).toEqual([]);
  });

  it('keeps only the most recently used entries', async () => {
    const dir = freshCacheDir();
    for (const key of ['a', 'b', 'a', 'c']) await (await open(key, { cacheDir: dir, maxEntries: 2 })).client.close();
    expect(entryDirs(dir)).toHaveLength(2);
    // 'a' was used after 'b', so 'b' went.
    const a = await open('a', { cacheDir: dir, maxEntries: 2 });
    const b = await open('b', { cacheDir: dir, maxEntries: 2 });
    expect([a.fromCache, b.fromCache]).toEqual([true, false]);
    await a.client.close();
    await b.client.close();
  });

  it('registers the extensions a cached cluster uses even when the caller names none', async () => {
    const build = async (client: CachedShadow['client']): Promise<void> => {
      await client.exec(
        `CREATE EXTENSION pgcrypto; CREATE TABLE t (id uuid DEFAULT gen_random_uuid(), h text DEFAULT encode(digest('x', 'sha256'), 'hex'))`,
      );
    };
    await (await open('uses-pgcrypto', { build, extensions: ['pgcrypto'] })).client.close();
    const shadow = await open('uses-pgcrypto', { build, extensions: [] });
    expect(shadow.fromCache).toBe(true);
    await shadow.client.exec('INSERT INTO t DEFAULT VALUES');
    const { rows } = await shadow.client.query<{ h: string }>('SELECT h FROM t');
    expect(rows[0]!.h).toMatch(/^[0-9a-f]{64}$/);
    // Not asked for and not installed: not available.
    await expect(shadow.client.exec('CREATE EXTENSION citext')).rejects.toMatchObject({ sqlState: '0A000' });
    await shadow.client.close();
  });

  it('can create every extension PGlite ships', async () => {
    const shadow = await open('all-extensions', { extensions: undefined });
    const failed: string[] = [];
    for (const name of PGLITE_EXTENSION_NAMES) {
      await shadow.client.exec(`CREATE EXTENSION "${name}" CASCADE`).catch((error: Error) => failed.push(`${name}: ${error.message}`));
    }
    expect(failed).toEqual([]);
    const { rows } = await shadow.client.query<{ extname: string }>(
      `SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`,
    );
    expect(rows.map((row) => row.extname)).toEqual([...PGLITE_EXTENSION_NAMES].sort());
    await shadow.client.close();
  });

  it('reopens a cluster built with every bundle registered when none is', async () => {
    // pg_stat_statements asks PGlite for a preload; honouring it rewrote postgresql.conf so the
    // cluster no longer started without that bundle.
    await (await open('built-with-all', { extensions: undefined })).client.close();
    const shadow = await open('built-with-all', { extensions: [] });
    expect(shadow).toMatchObject({ fromCache: true, notes: [] });
    expect(await itemCount(shadow.client)).toBe(3);
    await shadow.client.close();
  });

  it('pulls in what a named extension requires', async () => {
    const shadow = await open('earthdistance', { extensions: ['earthdistance'] });
    await shadow.client.exec('CREATE EXTENSION earthdistance CASCADE');
    const { rows } = await shadow.client.query<{ km: number }>(
      `SELECT round((earth_distance(ll_to_earth(0, 0), ll_to_earth(0, 1)) / 1000)::numeric)::int AS km`,
    );
    expect(rows[0]!.km).toBe(111);
    await shadow.client.close();
  });

  it('rejects an empty key', async () => {
    await expect(open('')).rejects.toBeInstanceOf(PgPreflightError);
  });
});

describe.skipIf(!existsSync(DOCUMENSO))('openCachedShadow on a real history (documenso)', () => {
  // What the build saw in memory must be exactly what a later run loads from disk.
  const FINGERPRINT = `
    SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)::int AS relations,
           (SELECT md5(string_agg(c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY c.relname, a.attnum))
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
           (SELECT md5(string_agg(conname || pg_get_constraintdef(oid), ',' ORDER BY conname)) FROM pg_constraint WHERE connamespace = 'public'::regnamespace) AS constraints,
           (SELECT md5(string_agg(indexdef, ',' ORDER BY indexname)) FROM pg_indexes WHERE schemaname = 'public') AS indexes`;

  it('loads from the cache the same schema the build produced', async () => {
    const files = readdirSync(DOCUMENSO)
      .filter((name) => existsSync(path.join(DOCUMENSO, name, 'migration.sql')))
      .sort()
      .map((name) => readFileSync(path.join(DOCUMENSO, name, 'migration.sql'), 'utf8'));
    let built: unknown;
    const build = async (client: CachedShadow['client']): Promise<void> => {
      await client.exec('CREATE EXTENSION IF NOT EXISTS pgcrypto');
      for (const sql of files) await client.exec(sql);
      built = (await client.query(FINGERPRINT)).rows[0];
    };
    const first = await open('documenso', { build, extensions: ['pgcrypto', 'pg_trgm'] });
    expect(first.fromCache).toBe(false);
    expect((await first.client.query(FINGERPRINT)).rows[0]).toEqual(built);
    await first.client.close();
    const second = await open('documenso', { build, extensions: ['pgcrypto', 'pg_trgm'] });
    expect(second).toMatchObject({ fromCache: true, builds: 0 });
    const loaded = (await second.client.query<{ relations: number }>(FINGERPRINT)).rows[0]!;
    expect(loaded).toEqual(built);
    expect(loaded.relations).toBeGreaterThan(100);
    await second.client.close();
  });
});

async function entryFor(key: string): Promise<string> {
  const { shadowCacheEntryName } = await import('../../src/db/shadow-cache-entry.js');
  return path.join(cacheDir, 'shadow', 'entries', shadowCacheEntryName(key));
}

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly result?: { fromCache?: boolean; items?: number; tmp?: string[] };
  readonly stderr: string;
}

/** Runs support/shadow-child.ts; a 'hang-in-build' child is killed with SIGKILL once it reports. */
function runChild(dir: string, key: string, mode: 'open' | 'exit-in-build' | 'hang-in-build'): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [JITI, CHILD, dir, key, mode], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (mode === 'hang-in-build' && stdout.includes('\n')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.split('\n')[0];
      resolve({ code, signal, stderr, ...(line ? { result: JSON.parse(line) as ChildRun['result'] } : {}) });
    });
  });
}
