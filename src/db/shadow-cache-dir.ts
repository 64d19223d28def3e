import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where cached shadows live: `PGPREFLIGHT_CACHE_DIR` when set, else the project's
 * `node_modules/.cache/pgpreflight` (the convention babel, eslint and vite follow, removed with
 * node_modules and ignored by git), else a per-user folder in the system temp directory.
 */
export function defaultCacheDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.PGPREFLIGHT_CACHE_DIR?.trim();
  if (override) return path.resolve(projectRoot, override);
  const nodeModules = path.join(projectRoot, 'node_modules');
  if (existsSync(nodeModules)) return path.join(nodeModules, '.cache', 'pgpreflight');
  // Per user: a folder another user created in a shared /tmp would not be writable.
  return path.join(os.tmpdir(), `pgpreflight-cache-${userTag()}`);
}

function userTag(): string {
  if (process.getuid) return String(process.getuid());
  try {
    return os.userInfo().username;
  } catch {
    return 'user';
  }
}
