/**
 * Adds `delta` to every AST byte offset (`location`, `stmt_location`, `name_location`, …) in place.
 * Used when a piece of a file is parsed on its own, so that offsets are file offsets again, the
 * same as when the whole file parses in one call. -1 (PostgreSQL's "unknown") is left alone; so is
 * an absent field, which libpg-query omits for offset 0 — the start of the piece, that is, the
 * start of the statement, which is what `nodePosition` assumes for an absent location.
 */
export function shiftLocations(value: unknown, delta: number): void {
  if (delta === 0 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) shiftLocations(item, delta);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (typeof field === 'number') {
      if (field >= 0 && key.endsWith('location')) record[key] = field + delta;
    } else if (typeof field === 'object') shiftLocations(field, delta);
  }
}
