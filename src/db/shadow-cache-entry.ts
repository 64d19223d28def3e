import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGLITE_VERSION } from './pglite-version.js';

/**
 * One cached shadow on disk: `<entry>/data` is a closed PGlite data directory, `<entry>/entry.json`
 * says what it holds. An entry only ever appears by renaming a finished folder into place and is
 * never modified afterwards (shadows work on private copies), so its content can be trusted as long
 * as it passes `readShadowCacheEntry`.
 */
export interface ShadowCacheEntryInfo {
  readonly format: typeof ENTRY_FORMAT;
  readonly key: string;
  readonly pgliteVersion: string;
  /** Random per build: tells a copy taken from this entry from one taken from its replacement. */
  readonly buildId: string;
  readonly createdAt: string;
  /** Extensions installed in the cluster: their bundles must be registered to open it. */
  readonly extensions: readonly string[];
  readonly buildMs: number;
}

/** Bumped when the layout of an entry changes, so an old layout is rebuilt rather than misread. */
const ENTRY_FORMAT = 1;
const INFO_FILE = 'entry.json';

export type EntryCheck =
  | { readonly state: 'valid'; readonly info: ShadowCacheEntryInfo }
  | { readonly state: 'absent' }
  | { readonly state: 'invalid'; readonly problem: string };

/** The folder name of the entry for `key`: PGlite's version is folded in, so an upgrade never reuses it. */
export function shadowCacheEntryName(key: string): string {
  return createHash('sha256').update(`${ENTRY_FORMAT}\0${PGLITE_VERSION}\0${key}`).digest('hex').slice(0, 32);
}

/** Whether the entry folder holds its info file (a look at the folder only; readShadowCacheEntry checks the rest). */
export function hasShadowCacheEntry(entryDir: string): boolean {
  return existsSync(path.join(entryDir, INFO_FILE));
}

export function entryDataDir(entryDir: string): string {
  return path.join(entryDir, 'data');
}

export async function readShadowCacheEntry(entryDir: string, key: string): Promise<EntryCheck> {
  let text: string;
  try {
    text = await readFile(path.join(entryDir, INFO_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return existsSync(entryDir) ? { state: 'invalid', problem: `${INFO_FILE} is missing` } : { state: 'absent' };
  }
  let info: Partial<ShadowCacheEntryInfo>;
  try {
    info = JSON.parse(text) as Partial<ShadowCacheEntryInfo>;
  } catch {
    return { state: 'invalid', problem: `${INFO_FILE} is not valid JSON` };
  }
  if (info.format !== ENTRY_FORMAT) return { state: 'invalid', problem: `unknown entry format ${String(info.format)}` };
  if (info.pgliteVersion !== PGLITE_VERSION) return { state: 'invalid', problem: `written by PGlite ${String(info.pgliteVersion)}` };
  if (info.key !== key) return { state: 'invalid', problem: 'it belongs to another key' };
  if (typeof info.buildId !== 'string' || !Array.isArray(info.extensions))
    return { state: 'invalid', problem: `${INFO_FILE} is incomplete` };
  if (!existsSync(path.join(entryDataDir(entryDir), 'PG_VERSION'))) return { state: 'invalid', problem: 'data/PG_VERSION is missing' };
  return { state: 'valid', info: info as ShadowCacheEntryInfo };
}

export async function writeShadowCacheEntryInfo(
  entryDir: string,
  info: Omit<ShadowCacheEntryInfo, 'format' | 'pgliteVersion'>,
): Promise<void> {
  const full: ShadowCacheEntryInfo = { format: ENTRY_FORMAT, pgliteVersion: PGLITE_VERSION, ...info };
  await writeFile(path.join(entryDir, INFO_FILE), `${JSON.stringify(full, null, 2)}\n`);
}

/** The entry's buildId as it is on disk now (undefined once it is gone or unreadable). */
export async function readShadowCacheBuildId(entryDir: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(path.join(entryDir, INFO_FILE), 'utf8')) as { buildId?: string }).buildId;
  } catch {
    return undefined;
  }
}

/** Marks the entry as just used: eviction keeps the most recently used entries. */
export async function touchShadowCacheEntry(entryDir: string): Promise<void> {
  const now = new Date();
  await utimes(path.join(entryDir, INFO_FILE), now, now).catch(() => undefined);
}

/** When the entry was last used (0 when it cannot be told: such an entry goes first). */
export async function lastUsedMs(entryDir: string): Promise<number> {
  return stat(path.join(entryDir, INFO_FILE)).then(
    (info) => info.mtimeMs,
    () => 0,
  );
}
