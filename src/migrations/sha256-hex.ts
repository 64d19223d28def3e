import { createHash } from 'node:crypto';

/** sha256 of a string's UTF-8 bytes (or of raw bytes), lower-case hex, zero-padded. */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
