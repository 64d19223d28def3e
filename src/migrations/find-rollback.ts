import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DetectedLayout } from './migration-format.js';
import type { Migration, MigrationFormatId } from './migration.js';
import { plainSqlRollbackFile } from './plain-sql/plain-sql-conventions.js';

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
 * Supabase `supabase/rollbacks/<file>`; plain SQL `<name>.down.sql` beside the migration
 * (golang-migrate `<name>.up.sql` → `<name>.down.sql`, Flyway `V…__` → `U…__`), or a dbmate file's
 * own `-- migrate:down` section.
 */
export function findRollback(migration: Migration, format: MigrationFormatId, layout: DetectedLayout): RollbackLookup {
  const declared = IRREVERSIBLE.exec(migration.sql);
  if (declared) return { kind: 'irreversible', reason: declared[1]!.trim() };
  const { absolutePath, relativePath, section } = rollbackLocation(migration, format, layout);
  if (section) {
    return migration.downSection
      ? { kind: 'found', rollback: { path: relativePath, sql: migration.downSection } }
      : { kind: 'missing', expected: `${relativePath} (its ${section} section)` };
  }
  if (!existsSync(absolutePath)) return { kind: 'missing', expected: relativePath };
  return { kind: 'found', rollback: { path: relativePath, sql: readFileSync(absolutePath, 'utf8') } };
}

export interface RollbackLocation {
  readonly absolutePath: string;
  /** From the project root, with forward slashes. */
  readonly relativePath: string;
  /** Set when the rollback is a section of the migration file itself (dbmate). */
  readonly section?: '-- migrate:down';
}

/** Where the rollback of a migration belongs, whether or not it exists. */
export function rollbackLocation(migration: Migration, format: MigrationFormatId, layout: DetectedLayout): RollbackLocation {
  const file = migration.absolutePath;
  const absolutePath =
    format === 'prisma'
      ? path.join(path.dirname(file), 'down.sql')
      : format === 'supabase'
        ? path.join(layout.projectRoot, 'supabase', 'rollbacks', path.basename(file))
        : migration.downSection !== undefined
          ? file
          : path.join(path.dirname(file), plainSqlRollbackFile(path.basename(file)));
  const relativePath = path.relative(layout.projectRoot, absolutePath).split(path.sep).join('/');
  return migration.downSection !== undefined ? { absolutePath, relativePath, section: '-- migrate:down' } : { absolutePath, relativePath };
}
