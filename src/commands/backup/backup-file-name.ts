/**
 * `production-20261202T101500Z.dump`: the environment (or, without one, the database) and the UTC
 * time, so a folder of backups sorts by target and then by time, and a name says what it holds.
 */
export function backupFileName(label: string, now: Date): string {
  const safe =
    label
      .replace(/[^A-Za-z0-9_.-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 80) || 'database';
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${safe}-${stamp}.dump`;
}
