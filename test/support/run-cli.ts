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

export interface RunningCli {
  /** Resolves once stderr has printed this text (rejects when the process ends first). */
  stderrContains(text: string): Promise<void>;
  /** Ctrl-C. */
  interrupt(): void;
  readonly done: Promise<CliRun>;
}

/** Like runCliProcess, for a command that runs a while (watch --for): the test acts while it runs. */
export function spawnCli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): RunningCli {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env })) {
    if (value !== undefined) childEnv[key] = value;
  }
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv });
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    for (const wait of waiting.filter((w) => stderr.includes(w.text))) {
      waiting.splice(waiting.indexOf(wait), 1);
      wait.resolve();
    }
  });
  child.stdin.end();
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      for (const wait of waiting) wait.reject(new Error(`the process ended before printing "${wait.text}": ${stderr}`));
      resolve({ code, stdout, stderr });
    });
  });
  return {
    done,
    interrupt: () => void child.kill('SIGINT'),
    stderrContains: (text) =>
      stderr.includes(text) ? Promise.resolve() : new Promise((resolve, reject) => waiting.push({ text, resolve, reject })),
  };
}

/**
 * Spawns the CLI, waits until `ready()` says the moment has come (a scratch database exists, a
 * workflow is running), then sends SIGINT as Ctrl-C would. `ready` is false in the result when the
 * moment never came (the child is then interrupted anyway).
 */
export async function interruptCliProcess(
  args: readonly string[],
  options: { cwd: string; ready: () => Promise<boolean> },
): Promise<{ readonly code: number | null; readonly output: string; readonly ready: boolean }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let ready = false;
  for (let i = 0; i < 300 && !(ready = await options.ready()); i++) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGINT');
  return { code: await exited, output, ready };
}
