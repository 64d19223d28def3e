import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DetectedLayout } from '../migration-format.js';

/**
 * Prisma keeps one folder per migration with a migration.sql inside, plus migration_lock.toml.
 * `dir` may be the project root, the prisma/ folder or the migrations folder itself.
 */
export async function detectPrismaLayout(dir: string): Promise<DetectedLayout | undefined> {
  const candidates: { migrationsDir: string; projectRoot: string }[] = [
    { migrationsDir: path.join(dir, 'prisma', 'migrations'), projectRoot: dir },
    { migrationsDir: path.join(dir, 'migrations'), projectRoot: path.dirname(dir) },
    { migrationsDir: dir, projectRoot: projectRootOf(dir) },
  ];
  for (const candidate of candidates) {
    if (isPrismaMigrationsDir(candidate.migrationsDir)) return { format: 'prisma', ...candidate };
  }
  return undefined;
}

function isPrismaMigrationsDir(dir: string): boolean {
  if (!isDirectory(dir)) return false;
  if (existsSync(path.join(dir, 'migration_lock.toml'))) return true;
  return readdirSync(dir, { withFileTypes: true }).some(
    (entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')),
  );
}

// For prisma/migrations the project root is two levels up; for any other folder, its parent.
function projectRootOf(migrationsDir: string): string {
  const parent = path.dirname(migrationsDir);
  return path.basename(parent) === 'prisma' ? path.dirname(parent) : parent;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
