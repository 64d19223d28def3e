import { spawn } from 'node:child_process';

/** Config `watch.onAlert`: a shell command, or a URL to POST to. */
export type AlertHook = string | { readonly webhook: string };

export interface HookOutcome {
  readonly ok: boolean;
  readonly error?: string;
  readonly ms: number;
}

const TIMEOUT_MS = 10_000;

/**
 * Tells someone: the alert as a JSON body, to a command's stdin (also in PGPREFLIGHT_ALERT) or
 * POSTed to a webhook. Never throws and never waits longer than the timeout: a broken pager must
 * not stop the watch.
 */
export async function runAlertHook(hook: AlertHook, body: unknown): Promise<HookOutcome> {
  const start = performance.now();
  const json = JSON.stringify(body);
  try {
    const error = typeof hook === 'string' ? await runCommand(hook, json) : await postWebhook(hook.webhook, json);
    return { ok: error === undefined, ...(error === undefined ? {} : { error }), ms: Math.round(performance.now() - start) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), ms: Math.round(performance.now() - start) };
  }
}

async function postWebhook(url: string, json: string): Promise<string | undefined> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'pgpreflight-watch' },
    body: json,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  // Drain the body so the connection is released.
  await response.arrayBuffer().catch(() => undefined);
  return response.ok ? undefined : `webhook answered HTTP ${response.status}`;
}

function runCommand(command: string, json: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      env: { ...process.env, PGPREFLIGHT_ALERT: json },
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: TIMEOUT_MS,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(json);
    child.on('error', (error) => resolve(`cannot run the onAlert command: ${error.message}`));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(undefined);
      else {
        const why = signal ? `killed by ${signal}${signal === 'SIGTERM' ? ` after ${TIMEOUT_MS / 1000} s` : ''}` : `exit code ${code}`;
        const said = stderr.trim().split('\n').at(-1);
        resolve(`onAlert command failed (${why})${said ? `: ${said}` : ''}`);
      }
    });
  });
}
