/** Items of two lists matched by key: only before, only after, and in both. */
export interface KeyedDiff<T> {
  readonly removed: T[];
  readonly added: T[];
  readonly kept: { readonly before: T; readonly after: T }[];
}

export function keyedDiff<T>(before: readonly T[], after: readonly T[], key: (item: T) => string): KeyedDiff<T> {
  const afterByKey = new Map(after.map((item) => [key(item), item]));
  const beforeKeys = new Set<string>();
  const removed: T[] = [];
  const kept: { before: T; after: T }[] = [];
  for (const item of before) {
    const k = key(item);
    beforeKeys.add(k);
    const match = afterByKey.get(k);
    if (match === undefined) removed.push(item);
    else kept.push({ before: item, after: match });
  }
  return { removed, added: after.filter((item) => !beforeKeys.has(key(item))), kept };
}

/** Structural equality of plain catalog data (JSON-shaped, no cycles). */
export function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const tableKey = (schema: string, name: string): string => `${schema}\u0000${name}`;
