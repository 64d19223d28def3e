import type { DatabaseClient } from '../../src/db/database-client.js';
import { connectTestDatabase } from './both-databases.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import {
  recordPrismaFailed,
  recordPrismaFinished,
  recordPrismaRolledBack,
  recordPrismaStarted,
  recordPrismaStep,
} from '../../src/migrations/prisma/write-prisma-history.js';

import { PRISMA_MIGRATIONS_DDL } from '../../src/migrations/prisma/write-prisma-history.js';
import { prismaChecksum } from '../../src/migrations/prisma/prisma-checksum.js';

export { PRISMA_MIGRATIONS_DDL };

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

/**
 * A target as `prisma migrate deploy` leaves it: each migration run and recorded in
 * `_prisma_migrations`, then `seed` (rows the application wrote since, not part of any migration).
 */
export async function deployPrismaTarget(db: DatabaseClient, migrations: Readonly<Record<string, string>>, seed = ''): Promise<void> {
  await db.exec(PRISMA_MIGRATIONS_DDL);
  for (const [name, sql] of Object.entries(migrations)) {
    await db.exec(sql);
    await prismaApplied(db, name, prismaChecksum(sql));
  }
  if (seed) await db.exec(seed);
}

/** A fresh database on the test server, deployed as `deployPrismaTarget` leaves it; the caller drops it. */
export async function createPrismaTarget(prefix: string, migrations: Readonly<Record<string, string>>, seed = ''): Promise<TestDatabase> {
  const database = await createTestDatabase(prefix);
  const db = await connectTestDatabase(database.url);
  try {
    await deployPrismaTarget(db, migrations, seed);
  } finally {
    await db.close();
  }
  return database;
}
