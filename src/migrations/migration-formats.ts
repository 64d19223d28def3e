import type { MigrationFormat } from './migration-format.js';
import type { MigrationFormatId } from './migration.js';
import { plainSqlFormat } from './plain-sql/plain-sql-format.js';
import { prismaFormat } from './prisma/prisma-format.js';
import { supabaseFormat } from './supabase/supabase-format.js';

/** Every supported tool, most specific first: plain SQL matches any folder of .sql files. */
export const MIGRATION_FORMATS: readonly MigrationFormat[] = [prismaFormat, supabaseFormat, plainSqlFormat];

export function migrationFormat(id: MigrationFormatId): MigrationFormat {
  const format = MIGRATION_FORMATS.find((candidate) => candidate.id === id);
  if (!format) throw new Error(`unknown migration format ${id}`);
  return format;
}
