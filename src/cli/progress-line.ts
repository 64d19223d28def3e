import type { CliIo } from './cli-io.js';

export interface ProgressLine {
  update(text: string): void;
  clear(): void;
}

/**
 * One line on stderr, rewritten in place, for a person watching a terminal; nothing at all when
 * stderr is not a terminal (CI logs, pipes) or with --quiet, so output stays clean for machines.
 */
export function progressLine(io: CliIo, enabled: boolean): ProgressLine {
  const active = enabled && io.stderrIsTTY;
  let shown = false;
  return {
    update(text) {
      if (!active) return;
      const width = Math.max(20, (io.columns ?? 100) - 1);
      io.stderr(`\r\u001b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    clear() {
      if (active && shown) io.stderr('\r\u001b[2K');
      shown = false;
    },
  };
}
