import { statSync } from 'node:fs';
import path from 'node:path';
import type { DetectedLayout } from '../migration-format.js';

/**
 * The Supabase CLI always reads `supabase/migrations` under the project root (utils.MigrationsDir;
 * the folder is not configurable). `dir` may be that root, the `supabase` folder or the migrations
 * folder itself. An existing but empty folder is still this layout, so the caller can say "no
 * migrations" rather than "unknown layout".
 */
export async function detectSupabaseLayout(dir: string): Promise<DetectedLayout | undefined> {
  const resolved = path.resolve(dir);
  const parent = path.dirname(resolved);
  const candidates: { migrationsDir: string; projectRoot: string; when: boolean }[] = [
    { migrationsDir: path.join(resolved, 'supabase', 'migrations'), projectRoot: resolved, when: true },
    { migrationsDir: path.join(resolved, 'migrations'), projectRoot: parent, when: path.basename(resolved) === 'supabase' },
    {
      migrationsDir: resolved,
      projectRoot: path.dirname(parent),
      when: path.basename(resolved) === 'migrations' && path.basename(parent) === 'supabase',
    },
  ];
  for (const { migrationsDir, projectRoot, when } of candidates) {
    if (when && isDirectory(migrationsDir)) return { format: 'supabase', migrationsDir, projectRoot };
  }
  return undefined;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
