import type { DetectedLayout } from '../migration-format.js';
import type { DeliveryReader, FileDelivery } from '../file-delivery.js';
import { toolVersion, versionAtLeast } from '../delivery/tool-version.js';

/**
 * Prisma Migrate before 7.4 sends migration.sql as one script (one implicit transaction: a lone
 * CREATE INDEX CONCURRENTLY works, one beside other statements fails); 7.4 (prisma-engines#5767)
 * sends its statements one by one. The version is the project's `prisma` package.
 */
export function prismaDelivery(layout: DetectedLayout): DeliveryReader {
  const version = toolVersion(layout.projectRoot, ['prisma']);
  const delivery: FileDelivery =
    version === undefined
      ? {
          runner: 'Prisma',
          mode: 'one-script',
          nonTransactional: 'in-place',
          assumption:
            'no prisma package in node_modules, package-lock.json or package.json: assuming a Prisma before 7.4, which sends the file as one script (7.4+ sends statements one by one)',
        }
      : versionAtLeast(version, [7, 4])
        ? { runner: `Prisma ${version}`, mode: 'statement-by-statement', nonTransactional: 'in-place' }
        : { runner: `Prisma ${version}`, mode: 'one-script', nonTransactional: 'in-place' };
  return () => delivery;
}
