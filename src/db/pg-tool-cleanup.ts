import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const children = new Set<ChildProcess>();
const partialFiles = new Set<string>();
let exitHookInstalled = false;

/** A pg_dump / pg_restore still running: stopped if this process is interrupted. */
export function trackPgToolProcess(child: ChildProcess): () => void {
  children.add(child);
  installExitHook();
  return () => children.delete(child);
}

/** A file being written that must not survive an interruption (a dump not yet verified). */
export function trackPartialFile(file: string): () => void {
  partialFiles.add(file);
  installExitHook();
  return () => partialFiles.delete(file);
}

/**
 * Stops every running pg_dump / pg_restore and removes unfinished dumps. Synchronous so that it also
 * works from an 'exit' handler; the CLI calls it on Ctrl-C. A half-written dump must never be left
 * where it could be taken for a backup.
 */
export function stopPgTools(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  children.clear();
  for (const file of partialFiles) rmSync(file, { force: true });
  partialFiles.clear();
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', stopPgTools);
}
