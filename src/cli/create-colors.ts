import pc from 'picocolors';
import { NO_COLORS, type Colors } from '../report/colors.js';

/**
 * Colour only for a person at a terminal: off when stdout is not a TTY, when NO_COLOR is set
 * (https://no-color.org), or with --no-color; FORCE_COLOR turns it on for CI logs that render ANSI.
 */
export function createColors(options: {
  readonly flag: boolean;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}): Colors {
  const forced = options.env.FORCE_COLOR !== undefined && options.env.FORCE_COLOR !== '0';
  const enabled = options.flag && !('NO_COLOR' in options.env && options.env.NO_COLOR !== '') && (options.isTTY || forced);
  return enabled ? pc.createColors(true) : NO_COLORS;
}
