import type { MigrationFormat } from '../migration-format.js';
import { supabaseDelivery } from './supabase-delivery.js';
import { supabaseHistoryWriter } from './supabase-history-writer.js';
import { detectSupabaseLayout } from './detect-supabase-layout.js';
import { listSupabaseMigrations } from './list-supabase-migrations.js';
import { isSupabaseHistoryEntry, readSupabaseHistory } from './read-supabase-history.js';
import { splitSupabaseStatements } from './split-supabase-statements.js';

export const supabaseFormat: MigrationFormat = {
  id: 'supabase',
  title: 'Supabase CLI',
  layoutHint: 'supabase/migrations/<timestamp>_<name>.sql, history in supabase_migrations.schema_migrations',
  detect: detectSupabaseLayout,
  list: listSupabaseMigrations,
  readHistory: (client) => readSupabaseHistory(client),
  history: supabaseHistoryWriter,
  delivery: supabaseDelivery,
  /**
   * The CLI keeps no checksum, only the statements it ran; a file is unchanged when it still splits
   * into exactly those statements. Whitespace around statements and empty statements do not count;
   * everything else does, comments included (a comment belongs to the statement after it).
   */
  matchesApplied(migration, entry) {
    if (!isSupabaseHistoryEntry(entry) || entry.statements === null) return undefined;
    const current = splitSupabaseStatements(migration.sql);
    const recorded = entry.statements;
    return current.length === recorded.length && current.every((statement, index) => statement === recorded[index]);
  },
};
