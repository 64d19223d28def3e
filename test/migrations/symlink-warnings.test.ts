import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';
import { fixtureProject, prismaProject, type FixtureProject } from '../support/fixture-project.js';

describe('symbolic links among the migrations are named, never skipped without a word', () => {
  const projects: FixtureProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  it('plain SQL: a loop of two links is a warning naming both; the real files load as before', async () => {
    const p = fixtureProject('pgpreflight-symlink-');
    projects.push(p);
    p.write('migrations/V1__a.sql', 'SELECT 1;\n');
    const dir = path.join(p.root, 'migrations');
    symlinkSync('V3__c.sql', path.join(dir, 'V2__b.sql'));
    symlinkSync('V2__b.sql', path.join(dir, 'V3__c.sql'));
    const loaded = await loadMigrationProject({ dir: p.root });
    expect(loaded.migrations.map((m) => m.id)).toEqual(['V1__a']);
    expect(loaded.warnings).toEqual([
      'migrations/V2__b.sql: a symbolic link in a loop, skipped',
      'migrations/V3__c.sql: a symbolic link in a loop, skipped',
    ]);

    const clean = fixtureProject('pgpreflight-symlink-');
    projects.push(clean);
    clean.write('migrations/V1__a.sql', 'SELECT 1;\n');
    expect((await loadMigrationProject({ dir: clean.root })).warnings).toEqual([]);
  });

  it('Prisma: a migration folder that is a link to itself is a warning naming it', async () => {
    const p = prismaProject({ '20240101000000_init': 'SELECT 1;\n' });
    projects.push(p);
    const dir = path.join(p.root, 'prisma/migrations');
    symlinkSync('20240102000000_loop', path.join(dir, '20240102000000_loop'));
    const loaded = await loadMigrationProject({ dir: p.root });
    expect(loaded.migrations.map((m) => m.id)).toEqual(['20240101000000_init']);
    expect(loaded.warnings).toEqual(['prisma/migrations/20240102000000_loop: a symbolic link in a loop, skipped']);
  });
});
