import type { DatabaseClient } from './database-client.js';
import type { TargetInfo } from './describe-target.js';
import { describeTarget } from './describe-target.js';
import { openPglite } from './pglite-client.js';
import { connectPostgres } from './postgres-client.js';
import type { TargetSpec } from './target-url.js';

export interface ConnectedTarget {
  readonly client: DatabaseClient;
  readonly info: TargetInfo;
}

export async function connectTarget(spec: TargetSpec, environment?: string): Promise<ConnectedTarget> {
  const info = describeTarget(spec, environment);
  const client =
    spec.kind === 'pglite'
      ? await openPglite({ dataDir: spec.dataDir, mustExist: true })
      : await connectPostgres(spec.clientConfig, info);
  return { client, info };
}
