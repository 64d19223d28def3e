import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeployedChange } from '../../catalog/deployed-change.js';
import type { IndexedSchema } from '../../analysis/watch/schema-index.js';
import type { Migration } from '../../migrations/migration.js';
import { sha256Hex } from '../../migrations/sha256-hex.js';
import { codeFingerprint } from '../../core/code-fingerprint.js';

/** What replaying a deploy on the shadow found: the same for the same migrations and the same code. */
export interface ReplayedDeploy {
  readonly changes: readonly DeployedChange[];
  readonly schema: IndexedSchema | undefined;
  readonly notes: readonly string[];
}

/**
 * The objects a deploy changed, kept on disk beside the cached shadows, keyed by the migrations'
 * checksums (those before and those deployed) and the code that derives the changes: watching the
 * same deploy again (a cron every few minutes, `deploy --watch`) skips the shadow entirely.
 */
export function deployCacheFile(cacheDir: string, format: string, before: readonly Migration[], deployed: readonly Migration[]): string {
  const key = sha256Hex(
    [
      `format:${format}`,
      `code:${codeFingerprint(['catalog', 'analysis/watch/deployed-change', 'commands/check/apply-on-shadow', 'migrations/replay-migrations'])}`,
      ...before.map((m) => `${m.historyKey}:${m.checksum}`),
      '--- deployed',
      ...deployed.map((m) => `${m.historyKey}:${m.checksum}`),
    ].join('\n'),
  );
  return path.join(cacheDir, 'watch', `deploy-${key.slice(0, 32)}.json`);
}

export function readDeployCache(file: string): ReplayedDeploy | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as ReplayedDeploy;
    return Array.isArray(parsed.changes) && Array.isArray(parsed.notes) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function writeDeployCache(file: string, replayed: ReplayedDeploy): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(replayed));
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written only costs the next run its speed.
  }
}
