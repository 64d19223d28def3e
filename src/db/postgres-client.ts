import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { ClientConfig } from 'pg';
import { registerCancellable } from './cancel-open-queries.js';
import type { DatabaseClient, QueryOptions, QueryResult } from './database-client.js';
import type { TargetInfo } from './describe-target.js';
import { mapDatabaseError } from './map-database-error.js';
import { toSqlExecutionError } from './sql-execution-error.js';
import { TYPE_OIDS } from './type-parsers.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    // node-postgres leaves name[] unparsed; PGlite parses it. Parse it like text[].
    const id = (oid === TYPE_OIDS.nameArray ? TYPE_OIDS.textArray : oid) as Parameters<typeof pg.types.getTypeParser>[0];
    return pg.types.getTypeParser(id, format ?? 'text');
  },
};

/**
 * Connects with node-postgres; connection failures become one-line errors naming the target. A
 * connection that only reads is registered so Ctrl-C cancels what it runs (`cancelOpenQueries`).
 */
export async function connectPostgres(
  config: ClientConfig,
  target: TargetInfo,
  options: { readonly cancelOnInterrupt?: boolean } = {},
): Promise<DatabaseClient> {
  const client = new pg.Client({
    application_name: 'pgpreflight',
    connectionTimeoutMillis: DEFAULT_CONNECT_TIMEOUT_MS,
    ...config,
    types: typeParsers,
  });
  // An idle connection killed by the server emits 'error'; without a listener Node would crash.
  let lostConnection: unknown;
  client.on('error', (error) => {
    lostConnection = error;
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw mapDatabaseError(error, target, 'connect');
  }

  const unregister =
    options.cancelOnInterrupt === false ? () => undefined : registerCancellable({ cancel: () => cancelBackend(client, config) });

  const guard = (error: unknown): unknown => {
    const mapped = toSqlExecutionError(error);
    if (mapped !== error) return mapped;
    return mapDatabaseError(lostConnection ?? error, target, 'query');
  };

  return {
    dialect: 'postgres',
    async query<Row extends object>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
      try {
        const values = (params ?? []) as unknown[];
        // Extended protocol even without parameters: node-postgres would send a text without
        // values as a simple query, where `…; COMMIT; DELETE …` runs every statement.
        const config = { text, values, queryMode: 'extended', ...(options?.prepareAs ? { name: options.prepareAs } : {}) };
        const result = await client.query<Row>(config as pg.QueryConfig);
        return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
      } catch (error) {
        throw guard(error);
      }
    },
    async exec(script: string): Promise<void> {
      try {
        await client.query(script);
      } catch (error) {
        throw guard(error);
      }
    },
    async copyOut(query: string): Promise<string> {
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT`))) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      } catch (error) {
        throw guard(error);
      }
    },
    async copyIn(into: string, rows: string): Promise<void> {
      try {
        await pipeline(Readable.from([Buffer.from(rows, 'utf8')]), client.query(copyFrom(`COPY ${into} FROM STDIN`)));
      } catch (error) {
        throw guard(error);
      }
    },
    inTransaction(): boolean {
      return client.getTransactionStatus() !== 'I';
    },
    async close(): Promise<void> {
      unregister();
      await client.end().catch(() => undefined);
    },
  };
}

/**
 * The server's cancel request for this connection's backend (what psql sends on Ctrl-C), sent over
 * a connection of its own with the same settings, then the connection closed. The backend may not
 * be running anything: cancelling an idle backend does nothing.
 */
async function cancelBackend(client: pg.Client, config: ClientConfig): Promise<void> {
  const pid = (client as unknown as { processID: number | null }).processID;
  if (pid !== null) {
    const canceller = new pg.Client({ ...config, application_name: 'pgpreflight-cancel', connectionTimeoutMillis: 2_000 });
    canceller.on('error', () => undefined);
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_catalog.pg_cancel_backend($1)', [pid]);
    } catch {
      // Unreachable now: the statement_timeout still ends the query.
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }
  await client.end().catch(() => undefined);
}
