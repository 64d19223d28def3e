import ms from 'ms';

/**
 * A duration such as `15m`, `90s`, `1h` or `2 days`, in milliseconds; undefined when the text is not
 * one. A bare number is refused: `--for 15` is far more likely to mean minutes than milliseconds.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const value = ms(trimmed as ms.StringValue);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
