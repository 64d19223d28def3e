import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fingerprints = new Map<string, string>();

/**
 * A hash of pgpreflight's own code in these folders or files under src/ (or dist/, whichever
 * runs): what a cache of derived results is keyed by, so a change to the code that derives them
 * invalidates it.
 */
export function codeFingerprint(parts: readonly string[]): string {
  const id = parts.join('\0');
  const known = fingerprints.get(id);
  if (known) return known;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  for (const part of parts) hashTree(path.join(root, part), hash);
  const fingerprint = hash.digest('hex').slice(0, 16);
  fingerprints.set(id, fingerprint);
  return fingerprint;
}

function hashTree(target: string, hash: ReturnType<typeof createHash>): void {
  if (!statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    for (const file of [`${target}.js`, `${target}.ts`]) {
      if (statSync(file, { throwIfNoEntry: false })?.isFile()) hash.update(path.basename(file)).update(readFileSync(file));
    }
    return;
  }
  for (const entry of readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) hashTree(full, hash);
    else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) hash.update(entry.name).update(readFileSync(full));
  }
}
