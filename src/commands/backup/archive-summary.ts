import type { ArchiveListing } from '../../db/pg-restore.js';
import type { ArchiveSummary } from '../../report/backup-result.js';

export function archiveSummary(listing: ArchiveListing): ArchiveSummary {
  const count = (type: string): number => listing.entries.filter((entry) => entry.type === type).length;
  return { tocEntries: listing.tocEntries, objects: listing.entries.length, tables: count('TABLE'), tableData: count('TABLE DATA') };
}
