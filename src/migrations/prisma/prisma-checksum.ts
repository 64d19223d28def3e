import { sha256Hex } from '../sha256-hex.js';

/** Prisma's checksum of migration.sql: sha256 of the script, lower-case hex, zero-padded. */
export function prismaChecksum(script: string | Uint8Array): string {
  return sha256Hex(script);
}

/**
 * Prisma's own comparison (schema-engine checksum.rs `script_matches_checksum`): the script as is,
 * with CRLF turned into LF, and with LF turned into CRLF, because git rewrites line endings between
 * machines; and, for rows written by old engines, hex without zero padding (prisma-engines#1887).
 */
export function prismaChecksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  const legacy = recorded.length > 0 && recorded.length !== 64;
  return variants.some((variant) => {
    const hex = sha256Hex(variant);
    return (legacy ? unpadded(hex) : hex) === recorded;
  });
}

function unpadded(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 2) out += Number.parseInt(hex.slice(i, i + 2), 16).toString(16);
  return out;
}
