import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');

// Real Prisma histories from public projects (see ../shared/corpus/README.md).
describe.each([
  ['documenso', 163],
  ['umami', 19],
])('Prisma corpus: %s', (project, count) => {
  const root = path.join(CORPUS, project);
  const migrationsDir = path.join(root, 'prisma', 'migrations');

  it.skipIf(!existsSync(root))('is detected from the project root and from the migrations folder', async () => {
    for (const dir of [root, migrationsDir, path.join(root, 'prisma')]) {
      const loaded = await loadMigrationProject({ dir });
      expect(loaded.format.id).toBe('prisma');
      expect(loaded.layout.migrationsDir).toBe(migrationsDir);
      expect(loaded.layout.projectRoot).toBe(root);
      expect(loaded.migrations).toHaveLength(count);
    }
  });

  it.skipIf(!existsSync(root))('lists folders in Prisma order with sha256 checksums of the file bytes', async () => {
    const { migrations } = await loadMigrationProject({ dir: root });
    const folders = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b));
    expect(migrations.map((m) => m.id)).toEqual(folders);
    for (const migration of migrations) {
      const bytes = readFileSync(path.join(migrationsDir, migration.id, 'migration.sql'));
      expect(migration.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(migration.path).toBe(`prisma/migrations/${migration.id}/migration.sql`);
    }
  });
});

describe('Prisma ordering', () => {
  it.skipIf(!existsSync(path.join(CORPUS, 'umami')))('sorts umami-style numbered names as Prisma does', async () => {
    const { migrations } = await loadMigrationProject({ dir: path.join(CORPUS, 'umami') });
    expect(migrations.slice(0, 3).map((m) => m.id)).toEqual(['01_init', '02_report_schema_session_data', '03_metric_performance_index']);
    expect(migrations.at(-1)!.id).toBe('19_add_session_replay');
  });
});
