import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FixtureProject {
  readonly root: string;
  write(relativePath: string, content: string): string;
  remove(): void;
}

/** A throwaway project folder; `remove()` deletes it. */
export function fixtureProject(prefix = 'pgpreflight-fixture-'): FixtureProject {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    root,
    write(relativePath, content) {
      const file = path.join(root, relativePath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A Prisma project with the given migrations (name → SQL) and a migration_lock.toml. */
export function prismaProject(migrations: Readonly<Record<string, string>>): FixtureProject {
  const project = fixtureProject('pgpreflight-prisma-');
  project.write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) project.write(`prisma/migrations/${name}/migration.sql`, sql);
  return project;
}
