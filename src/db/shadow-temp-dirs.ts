import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { processIsRunning } from './process-is-running.js';

/**
 * Temporary folders of the embedded shadow: shadows and empty clusters being built, entries
 * being thrown away. Each name carries the owner's host and pid, so a later run can tell the
 * leftovers of a killed process (SIGKILL, power loss) from the folders of a process still at work.
 * The host matters because containers sharing a cache volume have their own pid spaces.
 */
export type ShadowTempKind = 'build' | 'template' | 'trash';

const HOST = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
// A folder from another host cannot be checked for a live owner; no shadow lives this long.
const FOREIGN_HOST_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const NAME = /^[a-z]+-([0-9a-f]{8})-(\d+)-(\d+)-[0-9a-f]+$/;

const live = new Set<string>();
let exitHookInstalled = false;

/** A new, registered temporary folder path under `parent` (created unless `create` is false). */
export async function makeShadowTempDir(parent: string, kind: ShadowTempKind, create = true): Promise<string> {
  const dir = path.join(parent, `${kind}-${HOST}-${process.pid}-${threadId}-${randomBytes(6).toString('hex')}`);
  live.add(dir);
  installExitHook();
  if (create) await mkdir(dir, { recursive: true });
  return dir;
}

/** Removes a temporary folder; a folder already gone is fine. */
export async function removeShadowTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  live.delete(dir);
}

/** The folder was renamed into the cache: it is no longer ours to remove. */
export function releaseShadowTempDir(dir: string): void {
  live.delete(dir);
}

/**
 * Removes every temporary shadow folder this process still holds. Synchronous, so it also works in
 * an 'exit' handler; the CLI calls it on Ctrl-C, where no other clean-up gets to run. Open shadows
 * lose their data directory, which is the point: the process is going away.
 */
export function removeShadowTempDirs(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort: a leftover is swept by the next run (sweepStaleShadowTempDirs)
    }
    live.delete(dir);
  }
}

/** Removes the temporary folders under `parent` whose owning process no longer runs. */
export async function sweepStaleShadowTempDirs(parent: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const dir = path.join(parent, name);
    if (!(await isStale(dir, name))) continue;
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    removed++;
  }
  return removed;
}

async function isStale(dir: string, name: string): Promise<boolean> {
  const match = NAME.exec(name);
  if (!match) return false;
  const pid = Number(match[2]);
  if (match[1] !== HOST) {
    const modified = await stat(dir).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    );
    return Date.now() - modified > FOREIGN_HOST_MAX_AGE_MS;
  }
  // Our own pid: a container restarted with the same pid left it, unless this thread holds it. Another
  // worker thread of this process keeps its own registry, so its folders are left alone.
  if (pid === process.pid) return Number(match[3]) === threadId && !live.has(dir);
  return !processIsRunning(pid);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', removeShadowTempDirs);
}
