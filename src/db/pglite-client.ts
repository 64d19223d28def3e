import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { MemfsFrontendFS } from '@electric-sql/pglite/memfs-frontend';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import { readOnlyDataDir } from './data-dir-storage.js';
import { lockFolder, refuseIfHeld, type FolderLock } from './folder-lock.js';
import type { DatabaseClient, QueryResult } from './database-client.js';
import { pgliteExtensions } from './pglite-extensions.js';
import { toSqlExecutionError } from './sql-execution-error.js';
import { TYPE_OIDS } from './type-parsers.js';

export interface OpenPgliteOptions {
  /** Folder holding the data directory; omitted for an in-memory database. */
  readonly dataDir?: string;
  /** A `pglite:` target must already exist: a typo must not silently create an empty database. */
  readonly mustExist?: boolean;
  /**
   * Extensions (CREATE EXTENSION names) to make available; all PGlite ships when omitted. Each one
   * costs start-up time, so a shadow that knows what its migrations create passes just those.
   */
  readonly extensions?: readonly string[];
  /**
   * Load `dataDir` into memory and never write to it: how a `pglite:` target is read, so that
   * pgpreflight cannot change a target even by a checkpoint.
   */
  readonly readOnly?: boolean;
  /** A PGlite filesystem (e.g. a MEMFS frontend over a cached data directory) instead of `dataDir`. */
  readonly filesystem?: PGliteOptions['fs'];
}

export interface PgliteClient extends DatabaseClient {
  readonly dialect: 'pglite';
  readonly pglite: PGlite;
}

export async function openPglite(options: OpenPgliteOptions = {}): Promise<PgliteClient> {
  const { dataDir } = options;
  if (dataDir && options.mustExist && !existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new PgPreflightError('DB_NOT_FOUND', `no embedded database at ${dataDir}`, {
      hint: 'check the pglite: path, or create the database first (for the demo: npm run demo)',
    });
  }
  // Writers take the folder; a reader (loaded into memory) only refuses one a live writer holds.
  let lock: FolderLock | undefined;
  if (dataDir && !options.filesystem && existsSync(dataDir)) {
    if (options.readOnly) refuseIfHeld(dataDir, 'the embedded database');
    else lock = lockFolder(dataDir, 'the embedded database');
  }
  let pglite: PGlite;
  try {
    const filesystem = options.filesystem ?? (options.readOnly && dataDir ? new MemfsFrontendFS(readOnlyDataDir(dataDir)) : undefined);
    pglite = await PGlite.create({
      ...(dataDir && !filesystem ? { dataDir } : {}),
      ...(filesystem ? { fs: filesystem } : {}),
      extensions: await pgliteExtensions(options.extensions),
      // Match node-postgres: int8 as a lossless string (see type-parsers.ts).
      parsers: { [TYPE_OIDS.int8]: (value: string) => value },
    });
  } catch (error) {
    lock?.release();
    throw new PgPreflightError(
      'SHADOW_FAILED',
      `cannot open the embedded database${dataDir ? ` at ${dataDir}` : ''}: ${firstLine(error)}`,
      {
        hint: 'the folder may be in use by another process or not a PGlite data directory',
        cause: error,
      },
    );
  }
  const client = wrapPglite(pglite);
  return lock ? { ...client, close: () => client.close().finally(() => lock.release()) } : client;
}

export function wrapPglite(pglite: PGlite): PgliteClient {
  return {
    dialect: 'pglite',
    pglite,
    async query<Row extends object>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      try {
        const result = await pglite.query<Row>(text, params as unknown[] | undefined);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      } catch (error) {
        throw toSqlExecutionError(error);
      }
    },
    inTransaction(): boolean {
      return pglite.isInTransaction();
    },
    async exec(script: string): Promise<void> {
      try {
        await pglite.exec(script);
      } catch (error) {
        throw toSqlExecutionError(error);
      }
    },
    // PGlite reads and writes COPY data through a virtual file, /dev/blob.
    async copyOut(query: string): Promise<string> {
      try {
        const result = await pglite.query(`COPY (${query}) TO '/dev/blob'`);
        return result.blob ? await result.blob.text() : '';
      } catch (error) {
        throw toSqlExecutionError(error);
      }
    },
    async copyIn(into: string, rows: string): Promise<void> {
      try {
        await pglite.query(`COPY ${into} FROM '/dev/blob'`, [], { blob: new Blob([rows]) });
      } catch (error) {
        throw toSqlExecutionError(error);
      }
    },
    async close(): Promise<void> {
      if (!pglite.closed) await pglite.close();
    },
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
