import type { DatabaseClient } from '../../src/db/database-client.js';
import {
  recordPrismaFailed,
  recordPrismaFinished,
  recordPrismaRolledBack,
  recordPrismaStarted,
  recordPrismaStep,
} from '../../src/migrations/prisma/write-prisma-history.js';

export { PRISMA_MIGRATIONS_DDL } from '../../src/migrations/prisma/write-prisma-history.js';

/** What `prisma migrate deploy` leaves for one successful migration. */
export async function prismaApplied(db: DatabaseClient, name: string, checksum: string): Promise<string> {
  const id = await recordPrismaStarted(db, name, checksum);
  await recordPrismaStep(db, id);
  await recordPrismaFinished(db, id);
  return id;
}

/** What it leaves when the script fails. */
export async function prismaFailed(db: DatabaseClient, name: string, checksum: string, logs: string): Promise<string> {
  const id = await recordPrismaStarted(db, name, checksum);
  await recordPrismaFailed(db, id, logs);
  return id;
}

export const prismaResolveRolledBack = recordPrismaRolledBack;
