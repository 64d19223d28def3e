/** `{ key: value }` when the value is a non-empty string, `{}` otherwise: for spreading into readonly results. */
export function optional<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' && value !== '' ? { [key]: value } : {}) as { [P in K]?: string };
}
