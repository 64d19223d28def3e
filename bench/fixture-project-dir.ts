import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway Prisma project with these migrations (name → SQL); the caller removes the folder. */
export function fixtureProjectDir(migrations: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-bench-project-'));
  mkdirSync(path.join(root, 'prisma', 'migrations'), { recursive: true });
  writeFileSync(path.join(root, 'prisma', 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    mkdirSync(path.join(root, 'prisma', 'migrations', name));
    writeFileSync(path.join(root, 'prisma', 'migrations', name, 'migration.sql'), sql);
  }
  return root;
}
