import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogSnapshot } from '../../src/catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../../src/catalog/take-catalog-snapshot.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';
import { openReplayedShadow } from '../../src/migrations/open-replayed-shadow.js';
import { replayMigrations } from '../../src/migrations/replay-migrations.js';
import { serverUrl } from '../support/test-database.js';
import type { OpenDatabase } from './catalog-test-databases.js';
import { openServerDatabase, withoutExtensionVersions } from './catalog-test-databases.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');

// Real schemas from public projects (../shared/corpus/README.md), replayed the way the product does
// it: into a server database, and into the embedded shadow (replayed, cached, loaded from the cache).
// chatbot-ui's Supabase migrations are not here: they begin with `create extension http with schema
// extensions` and go on to use the `auth` and `storage` schemas and the `authenticated` role,
// which only a Supabase database has; neither a plain PostgreSQL 15 nor PGlite applies them.
// umami declares no enum and no foreign key (relationMode = "prisma"); documenso declares many.
describe.each([
  ['documenso', 163, 40, true],
  ['umami', 19, 8, false],
])('catalog snapshot of the %s corpus', (project, migrations, minTables, relational) => {
  const present = existsSync(path.join(CORPUS, project));
  let server: OpenDatabase | undefined;
  let shadow: DatabaseClient | undefined;
  let cacheDir: string | undefined;
  let onServer: CatalogSnapshot;
  let onPglite: CatalogSnapshot;

  beforeAll(async () => {
    if (!present || !serverUrl()) return;
    const loaded = await loadMigrationProject({ dir: path.join(CORPUS, project) });
    expect(loaded.migrations).toHaveLength(migrations);
    // Prisma projects that use gen_random_uuid() on PostgreSQL < 13 enable pgcrypto outside their
    // history (see ../shared/corpus/README.md); both databases get it the same way.
    server = await openServerDatabase('pgpreflight_catalog');
    await server.client.exec('CREATE EXTENSION IF NOT EXISTS pgcrypto');
    await replayMigrations(server.client, loaded.migrations);
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-corpus-cache-'));
    const prelude = {
      ...loaded.migrations[0]!,
      id: 'pgcrypto',
      historyKey: 'pgcrypto',
      sql: 'CREATE EXTENSION IF NOT EXISTS pgcrypto;',
      checksum: 'pgcrypto',
    };
    const opened = await openReplayedShadow({ format: 'prisma', migrations: [prelude, ...loaded.migrations], cacheDir });
    shadow = opened.client;
    onServer = await takeCatalogSnapshot(server.client);
    onPglite = await takeCatalogSnapshot(shadow);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([server?.close(), shadow?.close()]);
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it.skipIf(!present || !serverUrl())('gives equal schema parts on PostgreSQL 15 and PGlite', () => {
    expect(onServer.objects.tables.length).toBeGreaterThanOrEqual(minTables);
    expect(withoutExtensionVersions(onServer.objects)).toEqual(withoutExtensionVersions(onPglite.objects));
  });

  it.skipIf(!present || !serverUrl())('reads what Prisma generated: quoted names, enums, foreign keys, unique indexes', () => {
    const { tables, constraints, indexes, enums, columns } = onPglite.objects;
    expect(tables.every((table) => table.schema === 'public' && table.primaryKey !== null)).toBe(true);
    const foreignKeys = constraints.filter((c) => c.type === 'foreign-key');
    expect(enums.length > 0).toBe(relational);
    expect(foreignKeys.length > 0).toBe(relational);
    expect(enums.every((type) => type.labels.length > 0)).toBe(true);
    for (const fk of foreignKeys) {
      expect(tables.map((t) => t.name)).toContain(fk.foreignKey!.referencedTable.name);
      expect(fk.definition).toContain(`REFERENCES public.`);
      expect(fk.foreignKey!.referencedColumns).toHaveLength(fk.columns.length);
    }
    expect(indexes.some((index) => index.unique && !index.primary)).toBe(true);
    // Every column of every table is listed, each table's positions counting 1, 2, 3…
    for (const table of tables) {
      const positions = columns.filter((c) => c.table === table.name).map((c) => c.position);
      expect(positions).toEqual(positions.map((_, i) => i + 1));
    }
  });
});
