import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { DetectedLayout } from '../migration-format.js';
import { detectPrismaLayout } from '../prisma/detect-prisma-layout.js';
import { detectSupabaseLayout } from '../supabase/detect-supabase-layout.js';
import { plainSqlFileKind } from './plain-sql-conventions.js';

/**
 * A folder of .sql files run by no tool: `dir` itself, `dir/migrations` or `dir/db/migrations`,
 * first one holding a migration file wins. A Prisma or Supabase layout also holds .sql files, so it
 * is never taken for plain SQL.
 */
export async function detectPlainSqlLayout(dir: string): Promise<DetectedLayout | undefined> {
  const resolved = path.resolve(dir);
  if ((await detectSupabaseLayout(resolved)) || (await detectPrismaLayout(resolved))) return undefined;
  const candidates = [
    { migrationsDir: resolved, projectRoot: projectRootOf(resolved) },
    { migrationsDir: path.join(resolved, 'migrations'), projectRoot: resolved },
    { migrationsDir: path.join(resolved, 'db', 'migrations'), projectRoot: resolved },
  ];
  for (const candidate of candidates) {
    if (holdsMigrationFiles(candidate.migrationsDir)) return { format: 'sql', ...candidate };
  }
  return undefined;
}

// Paths are shown relative to the project root: for `…/db/migrations` or `…/migrations` pointed at
// directly, that is the folder above them, as if the user had pointed at the root.
function projectRootOf(migrationsDir: string): string {
  if (path.basename(migrationsDir) !== 'migrations') return migrationsDir;
  const parent = path.dirname(migrationsDir);
  return path.basename(parent) === 'db' ? path.dirname(parent) : parent;
}

function holdsMigrationFiles(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some((entry) => entry.isFile() && plainSqlFileKind(entry.name) === 'migration');
  } catch {
    return false;
  }
}
