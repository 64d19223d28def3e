/**
 * Both drivers must hand back the same JavaScript values for the same row, or a catalog snapshot
 * taken on the shadow would differ from one taken on the server. node-postgres leaves int8 as a
 * string (lossless) and does not parse name[]; PGlite returns int8 as a number and parses name[].
 * We settle on int8 → string and every array parsed.
 */
export const TYPE_OIDS = {
  int8: 20,
  nameArray: 1003,
  textArray: 1009,
} as const;
