import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drift } from '../../src/commands/drift/drift.js';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';
import { replayMigrations } from '../../src/migrations/replay-migrations.js';
import type { DriftResult } from '../../src/report/drift-result.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { PRISMA_MIGRATIONS_DDL, prismaApplied } from '../support/prisma-history.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');

// Real Prisma histories (../shared/corpus/README.md) deployed to a PostgreSQL 15 database as
// `prisma migrate deploy` does, then compared with their own embedded shadow (PGlite): no false
// drift from the two servers printing the same schema differently. chatbot-ui (the Supabase
// layout) is not here: its migrations need Supabase's auth and storage schemas and the http
// extension, which neither a plain PostgreSQL nor PGlite has; the Supabase layout is covered by
// drift-supabase.test.ts.
describe.each(['umami', 'documenso'])('drift of the %s corpus deployed to a server', (name) => {
  const present = existsSync(path.join(CORPUS, name));
  let database: TestDatabase | undefined;
  let result: DriftResult;
  beforeAll(async () => {
    if (!present || !serverUrl()) return;
    const dir = path.join(CORPUS, name);
    const project = await loadMigrationProject({ dir });
    database = await createTestDatabase('pgpreflight_drift_corpus');
    const db = await connectTestDatabase(database.url);
    try {
      await db.exec(PRISMA_MIGRATIONS_DDL);
      await replayMigrations(db, project.migrations);
      for (const migration of project.migrations) await prismaApplied(db, migration.historyKey, migration.checksum);
    } finally {
      await db.close();
    }
    result = await drift({ dir, url: database.url });
  }, 600_000);
  afterAll(async () => {
    await database?.drop();
  });

  it.skipIf(!present || !serverUrl())('shows zero drift against its own shadow', () => {
    expect(result.items).toEqual([]);
    expect(result.summary.unexpected).toBe(0);
    expect(result.expected.migrations).toBeGreaterThan(10);
  });
});
