import path from 'node:path';
import type { FileDelivery } from '../file-delivery.js';
import { MIGRATION_FORMATS } from '../migration-formats.js';

/**
 * How a SQL file named on its own is sent: by the tool whose layout holds it (a migration.sql in a
 * Prisma folder, a file in supabase/migrations), else by the plain SQL conventions of its name and
 * markers (dbmate, golang-migrate, Flyway), else an assumption.
 */
export async function deliveryOfFile(absolutePath: string, text: string): Promise<FileDelivery> {
  const file = path.resolve(absolutePath);
  let dir = path.dirname(file);
  for (let depth = 0; depth < 4; depth++) {
    for (const format of MIGRATION_FORMATS) {
      if (format.id === 'sql') continue;
      const layout = await format.detect(dir);
      if (layout && file.startsWith(layout.migrationsDir + path.sep)) return format.delivery(layout)({ absolutePath: file, text });
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const plain = MIGRATION_FORMATS.find((format) => format.id === 'sql')!;
  const folder = path.dirname(file);
  return plain.delivery({ format: 'sql', migrationsDir: folder, projectRoot: folder })({ absolutePath: file, text });
}
