import pg from 'pg';
import type { TargetSpec } from './target-url.js';

/** What a person is shown about a target: never the password (SPEC "JSON output"). */
export interface TargetInfo {
  readonly kind: 'postgres' | 'pglite';
  readonly host: string;
  readonly port: number | null;
  readonly database: string;
  readonly user: string;
  readonly environment?: string;
}

export function describeTarget(spec: TargetSpec, environment?: string): TargetInfo {
  const env = environment === undefined ? {} : { environment };
  if (spec.kind === 'pglite') {
    return { kind: 'pglite', host: 'pglite', port: null, database: spec.dataDir, user: 'postgres', ...env };
  }
  // node-postgres fills in PGHOST, PGUSER, … and its own defaults; asking it shows exactly where
  // the connection will go, which is the point of printing the target.
  const client = new pg.Client(spec.clientConfig);
  return {
    kind: 'postgres',
    host: client.host,
    port: client.port,
    database: client.database ?? client.user ?? '',
    user: client.user ?? '',
    ...env,
  };
}

export function formatTarget(info: TargetInfo): string {
  if (info.kind === 'pglite') return `pglite:${info.database}`;
  const host = info.host.startsWith('/') ? `socket ${info.host}` : info.host;
  return `${info.user}@${host}:${info.port ?? 5432}/${info.database}`;
}
