import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrationProject } from '../../src/migrations/load-migration-project.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';

// Pairs of files one tool knows by one id or version, and the clean twin of each (the same files renumbered).
const CASES: readonly { name: string; files: readonly string[]; both: string; twin: readonly string[] }[] = [
  {
    name: 'a plain file beside its golang-migrate .up.sql',
    files: ['000001_a.sql', '000001_a.up.sql'],
    both: 'migration 000001_a',
    twin: ['000001_a.sql', '000002_a.up.sql'],
  },
  {
    name: 'golang-migrate: one version, two names',
    files: ['1_a.up.sql', '01_b.up.sql'],
    both: 'golang-migrate version 1',
    twin: ['1_a.up.sql', '2_b.up.sql'],
  },
  { name: 'Flyway: V1__a beside V1__b', files: ['V1__a.sql', 'V1__b.sql'], both: 'Flyway version 1', twin: ['V1__a.sql', 'V2__b.sql'] },
  { name: 'Flyway: V1 and V1.0', files: ['V1__a.sql', 'V1.0__b.sql'], both: 'Flyway version 1', twin: ['V1__a.sql', 'V1.1__b.sql'] },
  { name: 'Flyway: V1 and V01', files: ['V1__a.sql', 'V01__b.sql'], both: 'Flyway version 1', twin: ['V1__a.sql', 'V10__b.sql'] },
  {
    name: 'Flyway: V2_0_1 and V2.0.1.0',
    files: ['V2_0_1__a.sql', 'V2.0.1.0__b.sql'],
    both: 'Flyway version 2.0.1',
    twin: ['V2_0_1__a.sql', 'V2.0.10__b.sql'],
  },
];

describe('two migrations with one id are a configuration error at load', () => {
  const projects: FixtureProject[] = [];
  const project = (files: readonly string[]): FixtureProject => {
    const p = fixtureProject('pgpreflight-duplicate-');
    projects.push(p);
    for (const file of files) p.write(`migrations/${file}`, 'SELECT 1;\n');
    return p;
  };
  afterAll(() => projects.forEach((p) => p.remove()));

  for (const c of CASES) {
    it(`${c.name}: refused naming both files (exit 2); renumbered, it loads`, async () => {
      const error = await loadMigrationProject({ dir: project(c.files).root }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MIGRATION_DUPLICATE', exitCode: 2 });
      const message = (error as Error).message;
      for (const file of c.files) expect(message).toContain(`migrations/${file}`);
      expect(message).toMatch(new RegExp(`are both ${c.both.replaceAll('.', '\\.')}$`));
      const loaded = await loadMigrationProject({ dir: project(c.twin).root });
      expect(loaded.migrations).toHaveLength(2);
    });
  }
});
