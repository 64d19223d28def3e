import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { DetectedLayout, MigrationFormat } from './migration-format.js';
import { MIGRATION_FORMATS, migrationFormat } from './migration-formats.js';
import type { Migration, MigrationFormatId } from './migration.js';

export interface MigrationProject {
  readonly format: MigrationFormat;
  readonly layout: DetectedLayout;
  readonly migrations: readonly Migration[];
  /** Files the tool skips, and the like: shown to the user, never fatal. */
  readonly warnings: readonly string[];
}

export interface LoadMigrationProjectOptions {
  /** Project root or migrations folder. */
  readonly dir: string;
  /** Skip detection (config `migrations.format`). */
  readonly format?: MigrationFormatId;
  /** How the user named the folder, for messages: "--dir db/migrations", "migrations.dir in pgpreflight.config.ts". */
  readonly dirLabel?: string;
}

/** Finds the layout in `dir`, then lists its migrations in the tool's order. */
export async function loadMigrationProject(options: LoadMigrationProjectOptions): Promise<MigrationProject> {
  const dir = path.resolve(options.dir);
  const label = options.dirLabel ?? dir;
  assertDirectory(dir, label);

  const candidates = options.format ? [migrationFormat(options.format)] : MIGRATION_FORMATS;
  const found: { format: MigrationFormat; layout: DetectedLayout }[] = [];
  for (const format of candidates) {
    const layout = await format.detect(dir);
    if (layout) found.push({ format, layout });
  }
  // Plain SQL is the fallback, not a rival: a Prisma or Supabase layout also holds .sql files.
  const specific = found.filter((match) => match.format.id !== 'sql');
  const matches = specific.length ? specific : found;

  if (matches.length === 0) throw noLayout(dir, label, options.format);
  if (matches.length > 1) {
    const list = matches.map((m) => `${m.format.id} (${path.relative(dir, m.layout.migrationsDir) || '.'})`).join(' and ');
    throw new PgPreflightError('LAYOUT_AMBIGUOUS', `${label}: found more than one migration layout: ${list}`, {
      hint: 'point --dir at the migrations folder you mean, or set migrations.format / migrations.dir in pgpreflight.config.ts',
    });
  }
  const { format, layout } = matches[0]!;
  const { migrations, warnings } = await format.list(layout);
  if (migrations.length === 0) {
    throw new PgPreflightError('NO_MIGRATIONS', `${label}: no migrations in ${layout.migrationsDir} (${format.title} layout)`, {
      hint: `expected ${format.layoutHint}`,
    });
  }
  return { format, layout, migrations, warnings };
}

function assertDirectory(dir: string, label: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    throw new PgPreflightError('DIR_NOT_FOUND', `${label}: no such folder`, {
      hint: 'pass --dir with the project root or the migrations folder (or set migrations.dir in the config)',
    });
  }
  if (!isDirectory) {
    throw new PgPreflightError('DIR_NOT_FOUND', `${label}: is a file, not a folder`, {
      hint: 'pass --dir with the project root or the migrations folder',
    });
  }
}

function noLayout(dir: string, label: string, format: MigrationFormatId | undefined): PgPreflightError {
  const layouts = MIGRATION_FORMATS.map((f) => `${f.id}: ${f.layoutHint}`).join('; ');
  const empty = readdirSync(dir).filter((entry) => !entry.startsWith('.')).length === 0;
  if (empty) {
    return new PgPreflightError('NO_MIGRATIONS', `${label}: the folder is empty, no migrations found`, {
      hint: `recognised layouts — ${layouts}`,
    });
  }
  if (format) {
    return new PgPreflightError('LAYOUT_UNKNOWN', `${label}: not a ${migrationFormat(format).title} layout`, {
      hint: `expected ${migrationFormat(format).layoutHint}; fix migrations.format or --dir`,
    });
  }
  return new PgPreflightError('LAYOUT_UNKNOWN', `${label}: no known migration layout found`, {
    hint: `recognised layouts — ${layouts}; point --dir at the migrations folder or set migrations.format`,
  });
}
