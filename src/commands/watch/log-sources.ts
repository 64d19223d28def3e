import { open, readdir, stat } from 'node:fs/promises';
import { detectLogFormat, logExtension } from '../../analysis/watch/detect-log-format.js';
import type { RecordFormat } from '../../analysis/watch/needle-scanner.js';
import { appLogFormat } from '../../analysis/watch/parse-app-log.js';
import { csvlogFormat } from '../../analysis/watch/parse-csvlog.js';
import { jsonlogFormat } from '../../analysis/watch/parse-jsonlog.js';
import { stderrLogFormat } from '../../analysis/watch/parse-stderr-log.js';
import { isSupabaseCsvHeader, supabaseCsvFormat } from '../../analysis/watch/parse-supabase-export.js';
import type { ServerLogFormat } from '../../analysis/watch/watch-event.js';
import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { WatchSourceReport } from '../../report/watch-result.js';
import { readLogFile, type LogChunk } from './read-log-file.js';

/** One adapter: where the bytes come from and how records are cut and read. */
export interface LogSource {
  readonly kind: 'server-log' | 'app-log';
  readonly label: string;
  /** The file or folder; undefined for a stream. */
  readonly file?: string;
  readonly format: RecordFormat;
  readonly formatName: NonNullable<WatchSourceReport['format']>;
  /** `olderSince`: in a log folder, older files modified since then are read first (null: all). */
  chunks(signal: AbortSignal, onRotate: () => void, olderSince: number | null): AsyncIterable<LogChunk>;
}

export interface LogSourceOptions {
  readonly serverLogs?: readonly { readonly path: string; readonly format?: ServerLogFormat }[];
  readonly appLogs?: readonly string[];
  readonly stdin?: AsyncIterable<Buffer | string>;
}

const FORMATS: Readonly<Record<ServerLogFormat, RecordFormat>> = { csvlog: csvlogFormat, jsonlog: jsonlogFormat, stderr: stderrLogFormat };

/** The sources to read, each server log's format settled (given, else from its name or first line). */
export async function logSources(options: LogSourceOptions, follow: boolean): Promise<LogSource[]> {
  const sources: LogSource[] = [];
  for (const log of options.serverLogs ?? []) {
    const format = log.format ?? (await sniffFormat(log.path));
    sources.push({
      kind: 'server-log',
      label: log.path,
      file: log.path,
      format: FORMATS[format],
      formatName: format,
      chunks: (signal, onRotate, olderSince) =>
        readLogFile(log.path, { follow, signal, extension: logExtension(format), onRotate, olderSince }),
    });
  }
  for (const file of options.appLogs ?? []) {
    // A Supabase Logs Explorer CSV export names its columns in its first line.
    const header = await firstLine(file);
    const supabase = header !== undefined && isSupabaseCsvHeader(header);
    sources.push({
      kind: 'app-log',
      label: file,
      file,
      format: supabase ? supabaseCsvFormat(header) : appLogFormat,
      formatName: supabase ? 'supabase-csv' : 'json-lines',
      chunks: (signal, onRotate) => readLogFile(file, { follow, signal, extension: '.log', onRotate }),
    });
  }
  if (options.stdin) {
    const stream = options.stdin;
    sources.push({
      kind: 'app-log',
      label: 'stdin',
      format: appLogFormat,
      formatName: 'json-lines',
      chunks: (signal) => streamChunks(stream, signal),
    });
  }
  return sources;
}

async function* streamChunks(stream: AsyncIterable<Buffer | string>, signal: AbortSignal): AsyncGenerator<LogChunk> {
  const iterator = stream[Symbol.asyncIterator]();
  const stopped = new Promise<IteratorResult<Buffer | string>>((resolve) =>
    signal.aborted
      ? resolve({ done: true, value: undefined })
      : signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true }),
  );
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stopped]);
      if (next.done) break;
      yield { data: typeof next.value === 'string' ? Buffer.from(next.value) : next.value, atEnd: false };
    }
  } finally {
    // A stream still open (stdin of `kubectl logs -f`) is let go, not waited for.
    void iterator.return?.();
  }
  yield { data: Buffer.alloc(0), atEnd: true };
}

async function firstLine(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.toString('utf8', 0, bytesRead).split('\n', 1)[0];
  } finally {
    await handle.close();
  }
}

async function sniffFormat(target: string): Promise<ServerLogFormat> {
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) {
    const names = await readdir(target).catch(() => [] as string[]);
    for (const format of ['csvlog', 'jsonlog', 'stderr'] as const) if (names.some((n) => n.endsWith(logExtension(format)))) return format;
    throw new PgPreflightError('USAGE', `--log ${target}: no .csv, .json or .log files to tell the format from`, {
      hint: 'add --log-format csvlog|jsonlog|stderr',
    });
  }
  const handle = await open(target, 'r').catch(() => undefined);
  if (!handle) return detectLogFormat(target, '');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return detectLogFormat(target, head.toString('utf8', 0, bytesRead));
  } finally {
    await handle.close();
  }
}
