import type { DatabaseClient } from '../db/database-client.js';
import type { DeliveryReader } from './file-delivery.js';
import type { HistoryWriter } from './history-writer.js';
import type { HistoryEntry, HistoryReading, Migration, MigrationFormatId } from './migration.js';

/** The migrations of a layout, and what a person should know about files the tool skips. */
export interface MigrationListing {
  readonly migrations: readonly Migration[];
  readonly warnings: readonly string[];
}

export interface ReadHistoryOptions {
  /**
   * Schema holding the history table when the tool lets users move it (Prisma reads it from the
   * URL's `?schema=` parameter). Formats with a fixed location ignore it.
   */
  readonly schema?: string;
}

/** Where a format found its migrations. */
export interface DetectedLayout {
  readonly format: MigrationFormatId;
  readonly migrationsDir: string;
  readonly projectRoot: string;
}

/**
 * One migration tool (one folder under migrations/). Each must agree with the tool itself on which
 * files are migrations, their order, their checksum and how its history table reads.
 */
export interface MigrationFormat {
  readonly id: MigrationFormatId;
  readonly title: string;
  /** The layout in words, for the "unknown layout" message. */
  readonly layoutHint: string;
  /** `dir` is what the user pointed at: a project root or the migrations folder itself. */
  detect(dir: string): Promise<DetectedLayout | undefined>;
  list(layout: DetectedLayout): Promise<MigrationListing>;
  readHistory(client: DatabaseClient, options?: ReadHistoryOptions): Promise<HistoryReading>;
  /** False when the file changed after it was applied; undefined when the history cannot tell. */
  matchesApplied(migration: Migration, entry: HistoryEntry): boolean | undefined;
  /** How the tool records what it applies: deploy, rollback and resolve write history through it. */
  readonly history: HistoryWriter;
  /** How the tool sends each file of the layout (one transaction, one script, statement by statement): lint asks it. */
  delivery(layout: DetectedLayout): DeliveryReader;
}
