import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fingerprints = new Map<string, string>();

/**
 * A hash of our own code in these folders or modules (relative to src/, or dist/ when built —
 * whichever runs): a cache keyed by it is dropped the moment the code that wrote it changes.
 */
export function codeFingerprint(folders: readonly string[]): string {
  const key = folders.join('\0');
  let fingerprint = fingerprints.get(key);
  if (fingerprint) return fingerprint;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  for (const folder of folders) hashTree(path.join(root, folder), hash);
  fingerprint = hash.digest('hex').slice(0, 16);
  fingerprints.set(key, fingerprint);
  return fingerprint;
}

/** A folder, or one module named without its extension (`commands/check/apply-on-shadow`). */
function hashTree(dir: string, hash: ReturnType<typeof createHash>): void {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    for (const file of [`${dir}.js`, `${dir}.ts`]) {
      if (statSync(file, { throwIfNoEntry: false })?.isFile()) hash.update(path.basename(file)).update(readFileSync(file));
    }
    return;
  }
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(full, hash);
    else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) hash.update(entry.name).update(readFileSync(full));
  }
}
