import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DetectedLayout } from './migration-format.js';
import type { Migration, MigrationFormatId } from './migration.js';

export interface Rollback {
  /** Relative to the project root. */
  readonly path: string;
  readonly sql: string;
}

export type RollbackLookup =
  | { readonly kind: 'found'; readonly rollback: Rollback }
  /** `-- pgpreflight: irreversible <reason>` in the migration. */
  | { readonly kind: 'irreversible'; readonly reason: string }
  | { readonly kind: 'missing'; readonly expected: string };

const IRREVERSIBLE = /--\s*pgpreflight:\s*irreversible\b[ \t]*(.*)$/m;

/**
 * Where a migration's rollback lives, by its tool's convention: Prisma `<migration>/down.sql`,
 * Supabase `supabase/rollbacks/<file>`, plain SQL `<name>.down.sql` beside the migration.
 */
export function findRollback(migration: Migration, format: MigrationFormatId, layout: DetectedLayout): RollbackLookup {
  const declared = IRREVERSIBLE.exec(migration.sql);
  if (declared) return { kind: 'irreversible', reason: declared[1]!.trim() };
  const { absolutePath, relativePath } = rollbackLocation(migration, format, layout);
  if (!existsSync(absolutePath)) return { kind: 'missing', expected: relativePath };
  return { kind: 'found', rollback: { path: relativePath, sql: readFileSync(absolutePath, 'utf8') } };
}

/** Where the rollback of a migration belongs, whether or not it exists; `relativePath` from the project root. */
export function rollbackLocation(
  migration: Migration,
  format: MigrationFormatId,
  layout: DetectedLayout,
): { readonly absolutePath: string; readonly relativePath: string } {
  const file = migration.absolutePath;
  const absolutePath =
    format === 'prisma'
      ? path.join(path.dirname(file), 'down.sql')
      : format === 'supabase'
        ? path.join(layout.projectRoot, 'supabase', 'rollbacks', path.basename(file))
        : file.replace(/\.sql$/, '.down.sql');
  return { absolutePath, relativePath: path.relative(layout.projectRoot, absolutePath).split(path.sep).join('/') };
}
