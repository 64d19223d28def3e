import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

export interface ThrowawayServer {
  readonly port: number;
  /** The instance's folder (its data directory is `data/` inside); removed by stop(). */
  readonly dir: string;
  url(password: string, database?: string): string;
  stop(): void;
}

/**
 * A private PostgreSQL instance with password authentication, for tests the shared trust-auth
 * server cannot do (a wrong password). Runs as the `postgres` OS user, on a free port, in a temp
 * folder that stop() removes; the shared server's settings are never touched.
 * Returns undefined where it cannot run (no binaries, not root).
 */
export async function startThrowawayServer(
  password: string,
  options: { readonly settings?: Readonly<Record<string, string>> } = {},
): Promise<ThrowawayServer | undefined> {
  if (!existsSync(`${BIN}/initdb`) || process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-throwaway-'));
  chmodSync(dir, 0o755);
  const ids = execFileSync('id', ['-u', 'postgres']).toString().trim();
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, Number(ids), gid);
  const pwfile = path.join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownSync(pwfile, Number(ids), gid);
  const port = await freePort();
  const asPostgres = (args: string[]): void => {
    execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
  };
  asPostgres([`${BIN}/initdb`, '-D', `${dir}/data`, '-A', 'scram-sha-256', `--pwfile=${pwfile}`, '-U', 'postgres']);
  // Extra server settings (logging, preloaded libraries) go into this instance's own config file.
  const settings = Object.entries(options.settings ?? {}).map(([name, value]) => `${name} = ${value}\n`);
  if (settings.length) appendFileSync(`${dir}/data/postgresql.conf`, settings.join(''));
  asPostgres([
    `${BIN}/pg_ctl`,
    '-D',
    `${dir}/data`,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    '-l',
    `${dir}/log`,
    '-w',
    'start',
  ]);
  return {
    port,
    dir,
    url: (pw, database = 'postgres') => `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${port}/${database}`,
    stop: () => {
      try {
        asPostgres([`${BIN}/pg_ctl`, '-D', `${dir}/data`, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
