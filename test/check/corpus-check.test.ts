import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/commands/check/check.js';
import type { Finding } from '../../src/core/finding.js';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';
import type { Migration } from '../../src/migrations/migration.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { seedRows, type SeedReport } from '../support/seed-rows.js';
import { createTestDatabase, describeServer, serverUrl, type TestDatabase } from '../support/test-database.js';

// Real projects' migrations (../shared/corpus/README.md), as a new user would run check on them: the
// verdict must be clean — no error is true of a migration its project shipped. chatbot-ui's Supabase
// migrations are not here: they need the `auth` and `storage` schemas and roles only a Supabase
// database has (see test/catalog/catalog-corpus.test.ts).
const CORPUS = [path.resolve(import.meta.dirname, '../../../shared/corpus'), '/work/shared/corpus'].find((dir) => existsSync(dir));
const PENDING = 2;

const errorsOf = (findings: readonly Finding[]): string[] =>
  findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.migration ?? ''}: ${f.message}`);

describeServer('check on real projects: no false error', () => {
  describe.skipIf(CORPUS === undefined).each(['umami', 'documenso'])('%s', (name) => {
    let dir: string;
    let cacheDir: string;
    let database: TestDatabase;
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), `pgpreflight-corpus-${name}-`));
      cpSync(path.join(CORPUS!, name), dir, { recursive: true });
      cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-corpus-cache-'));
      database = await createTestDatabase('pgpreflight_corpus');
      // Both projects use gen_random_uuid(), enabled outside their history (the corpus README).
      const db = await connectTestDatabase(database.url);
      await db.exec('CREATE EXTENSION IF NOT EXISTS pgcrypto');
      await db.close();
    });
    afterAll(async () => {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    });

    // documenso's 163 migrations all pending take ~25 s; umami's 19 prove the point, documenso's rows do the rest.
    it.skipIf(name === 'documenso')(
      'a fresh database, every migration pending: warnings at most',
      async () => {
        const result = await check({ dir, url: database.url, cacheDir, shadowUrl: serverUrl()! });
        expect(result.migrations.every((m) => m.outcome === 'checked')).toBe(true);
        expect(errorsOf(result.findings)).toEqual([]);
        // Prisma writes no down migrations: a decision to take, not a failure.
        expect(result.findings.some((f) => f.ruleId === 'rollback-missing' && f.severity === 'warning')).toBe(true);
      },
      120_000,
    );

    /** The target with `applied` deployed as Prisma does, then seeded; the rest pending. */
    async function seededTarget(url: string, applied: readonly Migration[]): Promise<void> {
      const db = await connectTestDatabase(url);
      let seeded: SeedReport;
      try {
        await deployPrismaTarget(db, Object.fromEntries(applied.map((m) => [m.id, m.sql])));
        seeded = await seedRows(db);
      } finally {
        await db.close();
      }
      // The seeder says what it could not fill; most tables must have rows for this to prove anything.
      console.info(`${name}: seeded ${Object.keys(seeded.seeded).length} tables; skipped ${JSON.stringify(seeded.skipped)}`);
      expect(Object.keys(seeded.seeded).length).toBeGreaterThan(Object.keys(seeded.skipped).length);
    }

    it(`the last ${PENDING} migrations pending against seeded rows: no error`, async () => {
      const project = await loadMigrationProject({ dir });
      await seededTarget(database.url, project.migrations.slice(0, -PENDING));
      const result = await check({ dir, url: database.url, cacheDir, shadowUrl: serverUrl()! });
      expect(result.migrations.map((m) => m.id)).toEqual(project.migrations.slice(-PENDING).map((m) => m.id));
      expect(result.probes.ran).toBe(true);
      expect(errorsOf(result.findings)).toEqual([]);
    }, 120_000);

    // umami's 06_session_data renames a NOT NULL column in the migration that drops another: read as a
    // drop and an add, it was "a new NOT NULL column, rows would fail" (23502) — false, it applies.
    it.skipIf(name !== 'umami')(
      '06_session_data (RENAME COLUMN beside DROP COLUMN) pending against seeded rows: no error',
      async () => {
        const project = await loadMigrationProject({ dir });
        const at = project.migrations.findIndex((m) => m.id === '06_session_data');
        const own = await createTestDatabase('pgpreflight_corpus');
        try {
          await seededTarget(own.url, project.migrations.slice(0, at));
          const result = await check({ dir, url: own.url, cacheDir, shadowUrl: serverUrl()!, only: ['06_session_data'] });
          expect(result.migrations.map((m) => [m.id, m.outcome])).toEqual([['06_session_data', 'checked']]);
          expect(result.migrations[0]!.effects.filter((e) => e.kind === 'column-renamed')).toHaveLength(2);
          expect(errorsOf(result.findings)).toEqual([]);
        } finally {
          await own.drop();
        }
      },
      120_000,
    );
  });
});
