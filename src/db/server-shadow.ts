import { randomBytes } from 'node:crypto';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { DatabaseClient } from './database-client.js';
import { connectTarget } from './connect-target.js';
import type { TargetInfo } from './describe-target.js';
import { parseTargetUrl, type TargetSpec } from './target-url.js';

export interface ServerShadow {
  readonly client: DatabaseClient;
  /** The scratch database's name, e.g. `pgpreflight_shadow_3f9a1c2e7b`. */
  readonly database: string;
  readonly info: TargetInfo;
  /** Another connection to the scratch database (a lock monitor); closed by `drop()`. */
  connect(): Promise<DatabaseClient>;
  /** Closes the connection and drops the scratch database (idempotent). */
  drop(): Promise<void>;
}

// Scratch databases created by this process and not dropped yet: Ctrl-C drops them (cli/bin.ts).
const live = new Set<ServerShadow>();

/**
 * A shadow on a real PostgreSQL server (`--shadow-url`): a scratch database created for this run on
 * that server and dropped afterwards — on success, on failure, and on Ctrl-C. For what the embedded
 * shadow lacks (extensions, server features). Never the target: the same server and database is refused.
 */
export async function openServerShadow(url: string, target?: TargetInfo): Promise<ServerShadow> {
  const spec = parseTargetUrl(url);
  if (spec.kind !== 'postgres') {
    throw new PgPreflightError('USAGE', '--shadow-url must be a postgres:// URL of a server pgpreflight may create a database on', {
      hint: 'without --shadow-url the embedded shadow (PGlite) is used',
    });
  }
  // Ctrl-C must leave this one open: it drops the scratch database on the way out.
  const admin = await connectTarget(spec, undefined, { cancelOnInterrupt: false });
  if (
    target &&
    target.kind === 'postgres' &&
    target.host === admin.info.host &&
    target.port === admin.info.port &&
    target.database === admin.info.database
  ) {
    await admin.client.close();
    throw new PgPreflightError('USAGE', `--shadow-url names the target database itself (${admin.info.database})`, {
      hint: 'give a server (and a maintenance database such as postgres) where a scratch database may be created',
    });
  }
  const database = `pgpreflight_shadow_${randomBytes(5).toString('hex')}`;
  try {
    await admin.client.exec(`CREATE DATABASE "${database}"`);
  } catch (error) {
    await admin.client.close();
    throw new PgPreflightError('DB_QUERY_FAILED', `cannot create a scratch database on ${admin.info.host}: ${(error as Error).message}`, {
      hint: 'the --shadow-url user needs CREATEDB',
      cause: error,
    });
  }
  let client: DatabaseClient | undefined;
  const others: DatabaseClient[] = [];
  let dropped = false;
  const shadow: ServerShadow = {
    get client() {
      return client!;
    },
    database,
    info: { ...admin.info, database },
    async connect() {
      const other = (await connectTarget(withDatabase(spec, database))).client;
      others.push(other);
      return other;
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      live.delete(shadow);
      await Promise.all([client, ...others].map((c) => c?.close()));
      await admin.client.exec(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
      await admin.client.close();
    },
  };
  live.add(shadow);
  try {
    client = (await connectTarget(withDatabase(spec, database))).client;
  } catch (error) {
    await shadow.drop();
    throw error;
  }
  return shadow;
}

/** Ctrl-C: drop every scratch database still open. */
export async function dropServerShadows(): Promise<void> {
  await Promise.allSettled([...live].map((shadow) => shadow.drop()));
}

function withDatabase(spec: Extract<TargetSpec, { kind: 'postgres' }>, database: string): TargetSpec {
  return { ...spec, clientConfig: { ...spec.clientConfig, database } };
}
