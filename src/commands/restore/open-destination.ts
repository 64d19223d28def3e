import { isPgPreflightError, PgPreflightError } from '../../core/pgpreflight-error.js';
import { connectTarget, type ConnectedTarget } from '../../db/connect-target.js';
import { describeTarget, formatTarget } from '../../db/describe-target.js';
import type { TargetSpec } from '../../db/target-url.js';
import { quoteIdentifier } from '../../sql/quote-identifier.js';

type ServerSpec = Extract<TargetSpec, { kind: 'postgres' }>;

export interface Destination extends ConnectedTarget {
  readonly created: boolean;
}

// Where CREATE DATABASE is run from: the database every server has, then the one it cannot lack.
const MAINTENANCE_DATABASES = ['postgres', 'template1'];

/**
 * Connects to the restore's destination; with `create`, a database that does not exist is created
 * first (from a maintenance database on the same server, as createdb does).
 */
export async function openDestination(spec: ServerSpec, environment: string | undefined, create: boolean): Promise<Destination> {
  try {
    return { ...(await connectTarget(spec, environment)), created: false };
  } catch (error) {
    if (!isPgPreflightError(error) || error.code !== 'DB_NOT_FOUND') throw error;
    if (!create) {
      throw new PgPreflightError('DB_NOT_FOUND', error.message, {
        hint: 'pass --create to create it for the restore, or fix the database name in the URL',
        sqlState: error.sqlState,
      });
    }
  }
  await createDatabase(spec, environment, describeTarget(spec).database);
  return { ...(await connectTarget(spec, environment)), created: true };
}

/** Drops the database openDestination created, when the restore into it failed: nothing half done is left. */
export async function dropCreatedDatabase(spec: ServerSpec, environment: string | undefined): Promise<void> {
  await onMaintenanceDatabase(spec, environment, (client) =>
    client.exec(`DROP DATABASE IF EXISTS ${quoteIdentifier(describeTarget(spec).database)}`),
  );
}

async function createDatabase(spec: ServerSpec, environment: string | undefined, name: string): Promise<void> {
  await onMaintenanceDatabase(spec, environment, async (client, info) => {
    try {
      await client.exec(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } catch (error) {
      throw new PgPreflightError(
        'RESTORE_FAILED',
        `cannot create database "${name}" (connected as ${formatTarget(info)}): ${(error as Error).message}`,
        {
          hint: 'create it yourself (createdb), or restore as a user with the CREATEDB privilege',
          cause: error,
        },
      );
    }
  });
}

async function onMaintenanceDatabase(
  spec: ServerSpec,
  environment: string | undefined,
  work: (client: ConnectedTarget['client'], info: ConnectedTarget['info']) => Promise<void>,
): Promise<void> {
  let lastError: unknown;
  for (const maintenance of MAINTENANCE_DATABASES) {
    const admin: ServerSpec = { kind: 'postgres', clientConfig: { ...spec.clientConfig, database: maintenance } };
    let connected: ConnectedTarget;
    try {
      connected = await connectTarget(admin, environment);
    } catch (error) {
      lastError = error;
      continue;
    }
    try {
      await work(connected.client, connected.info);
      return;
    } finally {
      await connected.client.close();
    }
  }
  throw lastError;
}
