import type { MigrationFormat } from '../migration-format.js';
import { prismaDelivery } from './prisma-delivery.js';
import { prismaHistoryWriter } from './prisma-history-writer.js';
import { detectPrismaLayout } from './detect-prisma-layout.js';
import { listPrismaMigrations } from './list-prisma-migrations.js';
import { prismaChecksumMatches } from './prisma-checksum.js';
import { readPrismaHistory } from './read-prisma-history.js';

export const prismaFormat: MigrationFormat = {
  id: 'prisma',
  title: 'Prisma Migrate',
  layoutHint: 'prisma/migrations/<timestamp>_<name>/migration.sql, history in _prisma_migrations',
  detect: detectPrismaLayout,
  list: listPrismaMigrations,
  readHistory: readPrismaHistory,
  history: prismaHistoryWriter,
  delivery: prismaDelivery,
  matchesApplied(migration, entry) {
    if (entry.checksum === null) return undefined;
    return prismaChecksumMatches(migration.sql, entry.checksum);
  },
};
