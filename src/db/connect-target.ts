import type { DatabaseClient } from './database-client.js';
import type { TargetInfo } from './describe-target.js';
import { describeTarget } from './describe-target.js';
import type { TargetSpec } from './target-url.js';

export interface ConnectedTarget {
  readonly client: DatabaseClient;
  readonly info: TargetInfo;
}

export interface ConnectOptions {
  /**
   * Deploy, rollback and resolve write to the target. Everything else reads: a `pglite:` target is
   * then loaded into memory so not even a checkpoint reaches its folder.
   */
  readonly writable?: boolean;
  /**
   * Ctrl-C cancels what this connection runs and closes it (default: unless writable). Off for a
   * connection the clean-up itself needs (the one that drops a scratch database).
   */
  readonly cancelOnInterrupt?: boolean;
}

export async function connectTarget(spec: TargetSpec, environment?: string, options: ConnectOptions = {}): Promise<ConnectedTarget> {
  const info = describeTarget(spec, environment);
  // Each driver is loaded only when used: PGlite's WASM bundle would otherwise slow every command.
  const client =
    spec.kind === 'pglite'
      ? await (
          await import('./pglite-client.js')
        ).openPglite({ dataDir: spec.dataDir, mustExist: true, readOnly: options.writable !== true })
      : await (
          await import('./postgres-client.js')
        ).connectPostgres(spec.clientConfig, info, {
          cancelOnInterrupt: options.cancelOnInterrupt ?? options.writable !== true,
        });
  return { client, info };
}
