import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '../../src/commands/status.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { openPglite } from '../../src/db/pglite-client.js';
import { sha256Hex } from '../../src/migrations/sha256-hex.js';
import type { MigrationStatus } from '../../src/migrations/migration.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { PRISMA_MIGRATIONS_DDL, prismaApplied, prismaFailed, prismaResolveRolledBack } from '../support/prisma-history.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

const SQL = {
  init: 'CREATE TABLE item (id int PRIMARY KEY);\n',
  edited: 'ALTER TABLE item ADD COLUMN name text;\n',
  failing: 'ALTER TABLE item ADD COLUMN price numeric CHECK (price > 0);\n',
  retried: 'CREATE INDEX item_name_idx ON item (name);\n',
  rolledBack: 'ALTER TABLE item ADD COLUMN sku text;\n',
  crlf: 'ALTER TABLE item\r\n  ADD COLUMN note text;\r\n',
  legacy: "COMMENT ON TABLE item IS 'items';\n",
  pending: 'ALTER TABLE item ADD COLUMN qty int;\n',
};

/** Every status, written as Prisma's engine writes its rows; returns the expected status per name. */
async function seedHistory(db: DatabaseClient): Promise<Record<string, MigrationStatus>> {
  await db.exec(PRISMA_MIGRATIONS_DDL);
  await prismaApplied(db, '20240101000000_init', sha256Hex(SQL.init));
  // Applied with an older text of the file: the file was edited afterwards.
  await prismaApplied(db, '20240102000000_edited', sha256Hex('ALTER TABLE item ADD COLUMN title text;\n'));
  await prismaFailed(db, '20240103000000_failing', sha256Hex(SQL.failing), 'Database error code: 23514');
  // Failed, resolved as rolled back, applied again: applied.
  const first = await prismaFailed(db, '20240104000000_retried', sha256Hex(SQL.retried), 'lock timeout');
  await prismaResolveRolledBack(db, first);
  await prismaApplied(db, '20240104000000_retried', sha256Hex(SQL.retried));
  // Failed then resolved as rolled back, not re-applied yet.
  await prismaResolveRolledBack(db, await prismaFailed(db, '20240105000000_rolled_back', sha256Hex(SQL.rolledBack), 'boom'));
  // Applied from a checkout with LF endings; the file now has CRLF (git on Windows): Prisma matches.
  await prismaApplied(db, '20240106000000_crlf', sha256Hex(SQL.crlf.replaceAll('\r\n', '\n')));
  // An old engine wrote the checksum without zero padding (prisma-engines#1887).
  const unpadded = sha256Hex(SQL.legacy)
    .match(/../g)!
    .map((byte) => Number.parseInt(byte, 16).toString(16))
    .join('');
  await prismaApplied(db, '20240107000000_legacy', unpadded);
  // Applied, then its folder deleted.
  await prismaApplied(db, '20231231000000_gone', sha256Hex('SELECT 1;'));
  return {
    '20231231000000_gone': 'missing',
    '20240101000000_init': 'applied',
    '20240102000000_edited': 'modified',
    '20240103000000_failing': 'failed',
    '20240104000000_retried': 'applied',
    '20240105000000_rolled_back': 'rolled-back',
    '20240106000000_crlf': 'applied',
    '20240107000000_legacy': 'applied',
    '20240108000000_pending': 'pending',
  };
}

function projectFiles(): FixtureProject {
  return prismaProject({
    '20240101000000_init': SQL.init,
    '20240102000000_edited': SQL.edited,
    '20240103000000_failing': SQL.failing,
    '20240104000000_retried': SQL.retried,
    '20240105000000_rolled_back': SQL.rolledBack,
    '20240106000000_crlf': SQL.crlf,
    '20240107000000_legacy': SQL.legacy,
    '20240108000000_pending': SQL.pending,
  });
}

function expectStatuses(result: Awaited<ReturnType<typeof status>>, expected: Record<string, MigrationStatus>): void {
  expect(Object.fromEntries(result.migrations.map((m) => [m.id, m.status]))).toEqual(expected);
  // Missing sorts into the timeline by name, before init.
  expect(result.migrations.map((m) => m.id)).toEqual(Object.keys(expected).sort((a, b) => a.localeCompare(b)));
  expect(result.summary.upToDate).toBe(false);
  expect(result.summary).toMatchObject({ applied: 4, modified: 1, failed: 1, 'rolled-back': 1, pending: 1, missing: 1, total: 9 });
  const failed = result.findings.find((f) => f.ruleId === 'migration-failed');
  expect(failed?.migration).toBe('20240103000000_failing');
  expect(failed?.evidence).toEqual({ logs: 'Database error code: 23514' });
  expect(result.findings.find((f) => f.ruleId === 'migration-modified')?.migration).toBe('20240102000000_edited');
}

describeServer('status on a Prisma project (PostgreSQL server)', () => {
  let database: TestDatabase;
  let project: FixtureProject;
  let expected: Record<string, MigrationStatus>;

  beforeAll(async () => {
    database = await createTestDatabase();
    project = projectFiles();
    const db = await connectTestDatabase(database.url);
    try {
      expected = await seedHistory(db);
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it('judges every migration as Prisma does', async () => {
    const result = await status({ dir: project.root, url: database.url });
    expect(result.layout.format).toBe('prisma');
    expect(result.layout.historyTable).toBe('public._prisma_migrations');
    expect(result.target).toMatchObject({ host: '127.0.0.1', database: database.name, user: 'postgres' });
    expectStatuses(result, expected);
  });

  it('reports nothing applied when the history table does not exist yet', async () => {
    const empty = await createTestDatabase();
    try {
      const result = await status({ dir: path.join(project.root, 'prisma', 'migrations'), url: empty.url });
      expect(result.layout.historyTableExists).toBe(false);
      expect(result.migrations.every((m) => m.status === 'pending')).toBe(true);
      expect(result.summary.pending).toBe(8);
    } finally {
      await empty.drop();
    }
  });

  it('reads _prisma_migrations from the schema named by ?schema=', async () => {
    const other = await createTestDatabase();
    const db = await connectTestDatabase(other.url);
    try {
      await db.exec('CREATE SCHEMA app; SET search_path TO app;');
      await seedHistory(db);
      const result = await status({ dir: project.root, url: `${other.url}?schema=app` });
      expect(result.layout.historyTable).toBe('app._prisma_migrations');
      expectStatuses(result, expected);
    } finally {
      await db.close();
      await other.drop();
    }
  });

  it('reads a history table from another Prisma version, with one warning', async () => {
    const odd = await createTestDatabase();
    const db = await connectTestDatabase(odd.url);
    try {
      await db.exec(PRISMA_MIGRATIONS_DDL);
      await prismaApplied(db, '20240101000000_init', sha256Hex(SQL.init));
      await db.exec('ALTER TABLE _prisma_migrations DROP COLUMN applied_steps_count, ADD COLUMN executed_by text');
      const result = await status({ dir: project.root, url: odd.url });
      expect(result.migrations.find((m) => m.id === '20240101000000_init')?.status).toBe('applied');
      const warnings = result.findings.filter((f) => f.ruleId === 'history-table-unexpected');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toContain('missing column applied_steps_count');
      expect(warnings[0]!.message).toContain('unexpected column executed_by');
    } finally {
      await db.close();
      await odd.drop();
    }
  });
});

describe('status on a Prisma project (embedded PGlite target)', () => {
  let dataDir: string;
  let project: FixtureProject;
  let expected: Record<string, MigrationStatus>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-pglite-target-'));
    project = projectFiles();
    const db = await openPglite({ dataDir });
    try {
      expected = await seedHistory(db);
    } finally {
      await db.close();
    }
  });
  afterAll(() => {
    project?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives the same statuses through a pglite: URL, without writing to the target', async () => {
    const before = fingerprint(dataDir);
    const result = await status({ dir: project.root, url: `pglite:${dataDir}` });
    expect(result.target).toMatchObject({ kind: 'pglite', database: dataDir });
    expectStatuses(result, expected);
    expect(fingerprint(dataDir)).toEqual(before);
  });

  it('an up-to-date history gives upToDate', async () => {
    const upToDate = prismaProject({ '20240101000000_init': SQL.init });
    try {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-pglite-target-'));
      const db = await openPglite({ dataDir: dir });
      await db.exec(PRISMA_MIGRATIONS_DDL);
      await prismaApplied(db, '20240101000000_init', sha256Hex(SQL.init));
      await db.close();
      const result = await status({ dir: upToDate.root, url: `pglite:${dir}` });
      expect(result.summary.upToDate).toBe(true);
      expect(result.findings).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    } finally {
      upToDate.remove();
    }
  });
});

/** Every file of a data directory with its sha256: equal before and after means nothing was written. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return out;
}
