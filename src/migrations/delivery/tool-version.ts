import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The version of an npm package the project runs, looked up from `projectRoot` upwards (a monorepo
 * keeps its lockfile at the top): the installed node_modules/<name>/package.json, else the
 * package-lock.json entry, else the lowest version package.json's range allows ("^7.4.0" → 7.4.0).
 * Undefined when none of them names it.
 */
export function toolVersion(projectRoot: string, names: readonly string[]): string | undefined {
  let dir = path.resolve(projectRoot);
  for (let depth = 0; depth < 6; depth++) {
    for (const name of names) {
      const found = installed(dir, name) ?? locked(dir, name) ?? declared(dir, name);
      if (found) return found;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** `7.4.0` ≥ `[7, 4]`; a version that does not parse is not at least anything. */
export function versionAtLeast(version: string, minimum: readonly number[]): boolean {
  const parts = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  if (!parts) return false;
  const have = [Number(parts[1]), Number(parts[2] ?? 0), Number(parts[3] ?? 0)];
  for (let i = 0; i < minimum.length; i++) {
    if (have[i]! !== minimum[i]) return have[i]! > minimum[i]!;
  }
  return true;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function installed(dir: string, name: string): string | undefined {
  const version = readJson(path.join(dir, 'node_modules', name, 'package.json'))?.version;
  return typeof version === 'string' ? version : undefined;
}

function locked(dir: string, name: string): string | undefined {
  const packages = readJson(path.join(dir, 'package-lock.json'))?.packages as Record<string, { version?: unknown }> | undefined;
  const version = packages?.[`node_modules/${name}`]?.version;
  return typeof version === 'string' ? version : undefined;
}

function declared(dir: string, name: string): string | undefined {
  const manifest = readJson(path.join(dir, 'package.json'));
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const range = (manifest?.[field] as Record<string, unknown> | undefined)?.[name];
    const lowest = typeof range === 'string' ? /(\d+\.\d+(?:\.\d+)?)/.exec(range)?.[1] : undefined;
    if (lowest) return lowest;
  }
  return undefined;
}
