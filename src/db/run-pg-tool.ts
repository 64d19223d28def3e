import { spawn } from 'node:child_process';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { trackPgToolProcess } from './pg-tool-cleanup.js';

export interface PgToolRun {
  /** Null when the process was killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Empty when stdout went to a file descriptor. */
  readonly stdout: string;
  /** The end of stderr (the last 64 KiB): where a libpq program says why it failed. */
  readonly stderr: string;
}

export interface RunPgToolOptions {
  readonly env: Readonly<Record<string, string>>;
  /** Send stdout straight into this open file instead of collecting it (a dump). */
  readonly stdoutFd?: number;
}

const STDERR_KEEP = 64 * 1024;

/**
 * Runs a PostgreSQL client program with arguments that never include a secret (callers pass
 * connection settings, the password among them, in `env`; see libpqEnvironment). stdin is closed,
 * so a program that would prompt for a password fails instead of waiting.
 */
export function runPgTool(file: string, args: readonly string[], options: RunPgToolOptions): Promise<PgToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], {
      env: options.env,
      stdio: ['ignore', options.stdoutFd ?? 'pipe', 'pipe'],
    });
    const untrack = trackPgToolProcess(child);
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      untrack();
      reject(
        new PgPreflightError('PG_TOOL_NOT_FOUND', `cannot run ${file} (${error.code ?? error.message})`, {
          hint: 'check the path and that it is an executable PostgreSQL client program',
          cause: error,
        }),
      );
    });
    child.on('close', (code, signal) => {
      untrack();
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr });
    });
  });
}

/**
 * The line of stderr that says what went wrong: the last error line the program prefixed with its
 * name, else its last prefixed line, else the last line.
 */
export function failureLine(run: PgToolRun, program: string): string {
  const lines = run.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const own = lines.filter((line) => line.startsWith(`${program}:`));
  const errors = own.filter((line) => line.startsWith(`${program}: error:`));
  const line = errors[errors.length - 1] ?? own[own.length - 1] ?? lines[lines.length - 1];
  if (line) return line;
  return run.signal ? `${program} was killed by ${run.signal}` : `${program} exited with code ${run.code}`;
}
