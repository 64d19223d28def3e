import { ExitCode } from '../core/exit-code.js';

const cleanups = new Set<() => Promise<void> | void>();

/** Work that must be undone on Ctrl-C (temporary shadow folders, scratch databases). */
export function onInterrupt(cleanup: () => Promise<void> | void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/**
 * Ctrl-C: run the registered clean-ups, say so in one line, exit 3. Nothing pgpreflight writes is
 * left half-done: reports are written atomically and targets are only read.
 */
export function cleanupOnInterrupt(): void {
  let interrupted = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (interrupted) process.exit(ExitCode.environment);
    interrupted = true;
    process.stderr.write(`\ninterrupted (${signal}): cleaning up…\n`);
    void Promise.allSettled([...cleanups].map(async (cleanup) => cleanup())).then(() => {
      process.stderr.write('interrupted: temporary files removed\n');
      process.exit(ExitCode.environment);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
