import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PgPreflightError } from '../../core/pgpreflight-error.js';

export interface LogChunk {
  readonly data: Buffer;
  /** No more data for now: a record cut at this point is complete (PostgreSQL writes entries whole). */
  readonly atEnd: boolean;
}

export interface ReadLogOptions {
  /** Keep reading as the file grows, across rotations, until the signal aborts; else stop at the end. */
  readonly follow: boolean;
  readonly signal?: AbortSignal;
  /** For a folder: the extension of the files to read (`.csv` for csvlog). */
  readonly extension: string;
  readonly pollMs?: number;
  readonly chunkBytes?: number;
  /** Called when the file being read is replaced (renamed and recreated, truncated, or a newer file in the folder). */
  readonly onRotate?: (from: string, to: string) => void;
  /**
   * For a folder: the older files modified at or after this time are read first (the watch window
   * and its baseline may lie in files the collector has since closed); null: every older file.
   */
  readonly olderSince?: number | null;
}

const DEFAULT_POLL_MS = 250;
// Large reads: one syscall and one scan per MiB keeps throughput at what the disk gives.
const DEFAULT_CHUNK = 1024 * 1024;

/**
 * The bytes of a log file, streamed in fixed-size chunks (the same buffer is reused: a chunk is
 * valid until the next one is asked for), so memory stays bounded for any file size. Following, it
 * notices the three ways logs rotate: logrotate's rename-and-recreate (the path's inode changes:
 * the old file is read to its end first), copytruncate (the file shrinks), and PostgreSQL's own
 * collector writing a new file in the log folder (given a folder, the newest file is followed).
 */
export async function* readLogFile(target: string, options: ReadLogOptions): AsyncGenerator<LogChunk> {
  const isDir = (await statOrFail(target)).isDirectory();
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const buffer = Buffer.allocUnsafe(options.chunkBytes ?? DEFAULT_CHUNK);
  let files = isDir ? await filesByAge(target, options.extension) : [target];
  while (!files.length) {
    if (!options.follow) {
      throw new PgPreflightError('LOG_READ_FAILED', `${target}: no *${options.extension} log files in this folder`, {
        hint: 'check log_directory and log_destination (csvlog writes .csv, jsonlog .json, stderr .log), or pass the file itself',
      });
    }
    if (!(await pause(pollMs, options.signal))) return;
    files = await filesByAge(target, options.extension);
  }
  const first = files.at(-1)!;
  if (isDir && options.olderSince !== undefined) {
    for (const older of files.slice(0, -1)) {
      const info = await stat(older).catch(() => undefined);
      if (!info || (options.olderSince !== null && info.mtimeMs < options.olderSince)) continue;
      const handle = await openOrFail(older);
      try {
        yield* readToEnd(handle, buffer, 0, options.signal);
      } finally {
        await handle.close();
      }
      if (options.signal?.aborted) return;
      yield { data: buffer.subarray(0, 0), atEnd: true };
    }
  }
  let file: string = first;
  let handle = await openOrFail(file);
  let identity = await handle.stat();
  let position = 0;
  try {
    for (;;) {
      position = yield* readToEnd(handle, buffer, position, options.signal);
      if (options.signal?.aborted) {
        // Stopped (Ctrl-C, the end of --for) at or near the end of the file: what was written up to
        // now still counts, and a record left open there is complete. A long catch-up read stops now.
        if ((await handle.stat()).size - position <= buffer.length) yield* drain(handle, buffer, position);
        return;
      }
      yield { data: buffer.subarray(0, 0), atEnd: true };
      if (!options.follow) return;
      // The watch ended while waiting at the end of the file: what was written since still counts.
      if (!(await pause(pollMs, options.signal))) return yield* drain(handle, buffer, position);
      const next: string | undefined = isDir ? (await filesByAge(target, options.extension)).at(-1) : file;
      const current = next === undefined ? undefined : await stat(next).catch(() => undefined);
      // Mid-rotation the path may be missing for a moment: keep the open file until it is back.
      if (!current || next === undefined) continue;
      const replaced = next !== file || current.ino !== identity.ino || current.dev !== identity.dev;
      if (replaced) {
        // What was written to the old file just before the switch is read first.
        position = yield* readToEnd(handle, buffer, position, options.signal);
        yield { data: buffer.subarray(0, 0), atEnd: true };
        await handle.close();
        options.onRotate?.(file, next);
        file = next;
        handle = await openOrFail(file);
        identity = await handle.stat();
        position = 0;
      } else if (current.size < position) {
        options.onRotate?.(file, file);
        position = 0;
      }
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Chunks from `from` to the current end of the file; returns the position reached. */
async function* readToEnd(
  handle: FileHandle,
  buffer: Buffer,
  from: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<LogChunk, number> {
  let position = from;
  while (!signal?.aborted) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    yield { data: buffer.subarray(0, bytesRead), atEnd: false };
  }
  return position;
}

/** What the file holds past `from` when the watch ends, up to its size then: the last chunks, then the end. */
async function* drain(handle: FileHandle, buffer: Buffer, from: number): AsyncGenerator<LogChunk> {
  const { size } = await handle.stat();
  let position = from;
  while (position < size) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0) break;
    position += bytesRead;
    yield { data: buffer.subarray(0, bytesRead), atEnd: false };
  }
  yield { data: buffer.subarray(0, 0), atEnd: true };
}

/** The folder's files with this extension, oldest first (by modification time, then name). */
async function filesByAge(dir: string, extension: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    throw readFailure(dir, error);
  });
  const files: { file: string; mtime: number }[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(extension)) continue;
    const file = path.join(dir, entry.name);
    const info = await stat(file).catch(() => undefined);
    if (info) files.push({ file, mtime: info.mtimeMs });
  }
  // Same mtime (files created in the same second): PostgreSQL's names sort by time.
  return files.sort((a, b) => a.mtime - b.mtime || (a.file < b.file ? -1 : 1)).map((f) => f.file);
}

async function statOrFail(file: string): ReturnType<typeof stat> {
  return stat(file).catch((error: unknown) => {
    throw readFailure(file, error);
  });
}

async function openOrFail(file: string): Promise<FileHandle> {
  return open(file, 'r').catch((error: unknown) => {
    throw readFailure(file, error);
  });
}

function readFailure(file: string, error: unknown): PgPreflightError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new PgPreflightError('LOG_READ_FAILED', `cannot read log ${file} (${code})`, {
    hint: code === 'EACCES' ? 'run as a user that can read the log (e.g. in the postgres group), or copy the file' : 'check the path',
    cause: error,
  });
}

/** Waits; false when the signal aborted (the watch is over). */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
    return true;
  } catch {
    return false;
  }
}
