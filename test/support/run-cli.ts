import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = path.resolve(import.meta.dirname, '../../bin/pgpreflight.js');

/** Spawns the built CLI as a user would (npm test builds first), with a clean, explicit environment. */
export function runCliProcess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; umask?: string } = {},
): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  return new Promise((resolve, reject) => {
    // umask is per process: a shell sets it, then becomes node.
    const [file, argv] = options.umask
      ? ['sh', ['-c', `umask ${options.umask}; exec "$0" "$@"`, process.execPath, BIN, ...args]]
      : [process.execPath, [BIN, ...args]];
    const child = spawn(file, argv, { cwd: options.cwd ?? process.cwd(), env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
