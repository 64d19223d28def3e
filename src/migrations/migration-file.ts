import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PgPreflightError } from '../core/pgpreflight-error.js';
import type { DetectedLayout } from './migration-format.js';

/** A migration file's bytes; an unreadable file is one clear error naming it. */
export async function readMigrationBytes(
  layout: DetectedLayout,
  file: string,
  hint = 'check that the file exists and is readable',
): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PgPreflightError(
      'MIGRATION_READ_FAILED',
      `${projectPath(layout, file)}: ${code === 'ENOENT' ? 'missing' : `cannot be read (${code})`}`,
      { hint, cause: error },
    );
  }
}

/**
 * A migration file's bytes and its text. The bytes reach the database exactly: a file that is not
 * valid UTF-8 (a Latin-1 `'café'`) would otherwise be decoded with U+FFFD in place of the byte and
 * stored changed, and a NUL byte cannot travel in PostgreSQL's protocol at all (08P01). Both are
 * refused here, naming the file, line and byte offset, before anything runs.
 */
export async function readMigrationText(
  layout: DetectedLayout,
  file: string,
  hint?: string,
): Promise<{ readonly bytes: Buffer; readonly sql: string }> {
  const bytes = await readMigrationBytes(layout, file, hint);
  return { bytes, sql: decodeSqlBytes(bytes, projectPath(layout, file)) };
}

/** The text of a SQL file's bytes, refused (MIGRATION_INVALID) at the first byte PostgreSQL would not take as sent. */
export function decodeSqlBytes(bytes: Uint8Array, shown: string): string {
  const nul = bytes.indexOf(0);
  const invalid = firstInvalidUtf8(bytes);
  const at = nul >= 0 && (invalid < 0 || nul < invalid) ? nul : invalid;
  if (at >= 0) {
    const isNul = at === nul;
    const what = isNul ? 'a NUL byte (0x00)' : `invalid UTF-8 (byte 0x${bytes[at]!.toString(16).padStart(2, '0')})`;
    const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    throw new PgPreflightError('MIGRATION_INVALID', `${shown}:${line}: ${what} at byte offset ${at}`, {
      hint: isNul
        ? 'remove the NUL byte: PostgreSQL cannot receive it'
        : 'save the file as UTF-8 (PostgreSQL and psql refuse other bytes), e.g. iconv -f latin1 -t utf-8',
    });
  }
  // Valid UTF-8 decodes and re-encodes to the same bytes; a byte order mark is kept (the split must see it).
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Only on failure: walk the sequences to say where.
  }
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const [low, high] =
      b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

/** The path people see and JSON carries: relative to the project root, with forward slashes. */
export function projectPath(layout: DetectedLayout, file: string): string {
  return path.relative(layout.projectRoot, file).split(path.sep).join('/');
}
