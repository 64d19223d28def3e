import type { DatabaseClient } from './database-client.js';

export interface ServerVersion {
  /** As the server reports it: "15.20 (Debian 15.20-0+deb12u1)". */
  readonly version: string;
  /** server_version_num: 150020. */
  readonly versionNum: number;
}

export async function readServerVersion(client: DatabaseClient): Promise<ServerVersion> {
  const { rows } = await client.query<{ version: string; num: string }>(
    `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num`,
  );
  return { version: rows[0]!.version, versionNum: Number(rows[0]!.num) };
}
