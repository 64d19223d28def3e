import type { Migration, MigrationFormatId } from './migration.js';
import { sha256Hex } from './sha256-hex.js';

/** The shadow cache key of a replay: the format and the migrations' checksums, in order. */
export function replayedShadowKey(format: MigrationFormatId, migrations: readonly Migration[]): string {
  return sha256Hex([`format:${format}`, ...migrations.map((m) => `${m.historyKey}:${m.checksum}`)].join('\n'));
}
