import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Reads `.env` from the folder like Prisma and the Supabase CLI do, so `DATABASE_URL` kept there
 * works without exporting it. Variables already set in the environment win.
 */
export function loadDotenv(dir: string, env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  let content: string;
  try {
    content = readFileSync(path.join(dir, '.env'), 'utf8');
  } catch {
    return { ...env };
  }
  const parsed = parseEnv(content);
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(parsed)) {
    if (merged[key] === undefined) merged[key] = value;
  }
  return merged;
}
