import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startThrowawayServer, type ThrowawayServer } from './throwaway-server.js';

export const LOGGING_PASSWORD = 'watch-test-password';

export interface LoggingServer {
  readonly server: ThrowawayServer;
  /** The folder PostgreSQL's collector writes postgresql-*.csv/.json/.log into. */
  readonly logDir: string;
  url(database?: string): string;
  /** Runs SQL on a fresh connection; a statement PostgreSQL rejects resolves with its SQLSTATE. */
  run(sql: string, database?: string): Promise<string | undefined>;
  /** Runs each statement on one connection, each its own transaction; resolves with their SQLSTATEs. */
  runEach(statements: readonly string[], database?: string): Promise<(string | undefined)[]>;
  /** The log files of one format, oldest first. */
  files(extension: '.csv' | '.json' | '.log'): string[];
  /** Waits until the collector has written at least `count` ERROR entries to the csvlog. */
  waitForErrors(count: number): Promise<void>;
  stop(): void;
}

/**
 * A private PostgreSQL that logs as production servers are told to: the collector writing csvlog,
 * jsonlog and stderr files side by side, English messages, pg_stat_statements preloaded. The shared
 * server's settings are never touched; stop() removes the instance and its logs.
 */
export async function startLoggingServer(): Promise<LoggingServer | undefined> {
  const server = await startThrowawayServer(LOGGING_PASSWORD, {
    settings: {
      logging_collector: 'on',
      log_destination: "'csvlog,jsonlog,stderr'",
      log_directory: "'log'",
      log_filename: "'postgresql-%Y%m%d_%H%M%S.log'",
      log_rotation_age: '0',
      log_rotation_size: '0',
      log_file_mode: '0644',
      lc_messages: "'C'",
      shared_preload_libraries: "'pg_stat_statements'",
    },
  });
  if (!server) return undefined;
  const logDir = path.join(server.dir, 'data', 'log');
  const url = (database = 'postgres'): string => server.url(LOGGING_PASSWORD, database);
  const files = (extension: string): string[] =>
    readdirSync(logDir)
      .filter((name) => name.endsWith(extension))
      .sort()
      .map((name) => path.join(logDir, name));
  return {
    server,
    logDir,
    url,
    files,
    async run(sql, database) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        await client.query(sql);
        return undefined;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code) throw error;
        return code;
      } finally {
        await client.end();
      }
    },
    async runEach(statements, database) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        const codes: (string | undefined)[] = [];
        for (const sql of statements)
          codes.push(
            await client.query(sql).then(
              () => undefined,
              (error: { code?: string }) => error.code,
            ),
          );
        return codes;
      } finally {
        await client.end();
      }
    },
    async waitForErrors(count) {
      for (let i = 0; i < 100; i++) {
        const errors = files('.csv').reduce((n, file) => n + (readFileSync(file, 'utf8').match(/,ERROR,/g)?.length ?? 0), 0);
        if (errors >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`the server log never held ${count} errors`);
    },
    stop: () => server.stop(),
  };
}
