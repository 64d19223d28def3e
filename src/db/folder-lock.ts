import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { processIsRunning } from './process-is-running.js';

/**
 * An embedded database folder is one process's at a time: two PGlite instances on one folder hand
 * out the same transaction ids, and a copy read while another writes is torn. The holder leaves its
 * pid in a lock file inside the folder; a lock whose pid no longer runs (a killed process) is
 * stale and taken over.
 */
export const FOLDER_LOCK_FILE = 'pgpreflight.lock';

export interface FolderLock {
  release(): void;
}

interface LockContent {
  readonly pid: number;
  readonly host: string;
}

const held = new Set<string>();
let exitHookInstalled = false;

/** Takes the folder for this process, or refuses (FOLDER_IN_USE, exit 3) naming the live holder. */
export function lockFolder(dir: string, what: string): FolderLock {
  const file = path.join(dir, FOLDER_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, host: os.hostname() } satisfies LockContent), { flag: 'wx' });
      held.add(file);
      installExitHook();
      return {
        release: () => {
          if (held.delete(file)) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { release: () => undefined };
      refuseIfHeld(dir, what);
      // Stale: its holder is gone. Remove it and try once more (another process may win the race).
      rmSync(file, { force: true });
    }
  }
  refuseIfHeld(dir, what);
  return { release: () => undefined };
}

/** Refuses a folder a live process other than this one holds; a reader checks without taking it. */
export function refuseIfHeld(dir: string, what: string): void {
  const holder = readHolder(path.join(dir, FOLDER_LOCK_FILE));
  if (!holder || holder.pid === process.pid || !isRunning(holder)) return;
  throw new PgPreflightError('FOLDER_IN_USE', `${what} ${dir} is in use by process ${holder.pid}`, {
    hint: `wait for process ${holder.pid} to finish (or stop it); two processes on one embedded database corrupt it`,
  });
}

function readHolder(file: string): LockContent | undefined {
  try {
    const content = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number' ? { pid: content.pid, host: String(content.host ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(holder: LockContent): boolean {
  // A lock from another host (a shared volume) cannot be checked: it holds.
  if (holder.host !== os.hostname()) return true;
  return processIsRunning(holder.pid);
}

/** A process that exits without closing (an error, Ctrl-C) leaves no lock behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const file of held) rmSync(file, { force: true });
    held.clear();
  });
}
