import { adminQuery, serverUrl } from './test-database.js';

/** The `pgpreflight_shadow_*` scratch databases on the test server now. */
export async function scratchDatabases(): Promise<string[]> {
  const { rows } = await adminQuery(serverUrl()!, "SELECT datname FROM pg_database WHERE datname LIKE 'pgpreflight_shadow_%' ORDER BY 1");
  return rows.map((r) => r.datname as string);
}

/**
 * The scratch databases that exist now and did not before `before` was read. Other test files
 * (and other runs on a shared server) create and drop their own meanwhile: a new one is only a
 * leftover if it is still there after theirs have had time to finish. Only the names seen now are
 * waited on — ones created later belong to someone else. Returns what remains.
 */
export async function leftoverScratchDatabases(before: readonly string[], waitMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  const suspects = (await scratchDatabases()).filter((name) => !before.includes(name));
  for (;;) {
    const now = await scratchDatabases();
    const left = suspects.filter((name) => now.includes(name));
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Whether a statement containing `fragment` is running on a scratch database (the moment to interrupt). */
export async function runningOnScratchDatabase(fragment: string): Promise<boolean> {
  const { rows } = await adminQuery(
    serverUrl()!,
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname LIKE 'pgpreflight_shadow_%' AND strpos(query, $1) > 0 AND pid <> pg_backend_pid()",
    [fragment],
  );
  return rows[0].n > 0;
}
