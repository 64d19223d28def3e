import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fingerprints = new Map<string, string>();

/**
 * A hash of the code in these folders of src/ (or dist/, whichever runs): what a cache of computed
 * results is keyed by, so that a change to the code that computed them invalidates them.
 */
export function codeFingerprint(folders: readonly string[]): string {
  const id = folders.join('\0');
  let fingerprint = fingerprints.get(id);
  if (!fingerprint) {
    const hash = createHash('sha256');
    for (const folder of folders) hashTree(path.join(SRC, folder), hash);
    fingerprint = hash.digest('hex').slice(0, 16);
    fingerprints.set(id, fingerprint);
  }
  return fingerprint;
}

function hashTree(dir: string, hash: ReturnType<typeof createHash>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(full, hash);
    else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) hash.update(entry.name).update(readFileSync(full));
  }
}
