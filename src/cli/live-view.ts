import { redactSecrets } from '../core/redact-secrets.js';
import type { CliIo } from './cli-io.js';

export interface LiveView {
  /** Replaces the block shown last with these lines (terminal only). */
  render(lines: readonly string[]): void;
  /** A line that stays (an alert), printed above the block, terminal or not. */
  print(line: string): void;
  clear(): void;
}

/**
 * A block of lines on stderr redrawn in place while a command follows something (watch --for);
 * only on a terminal, so logs and pipes get the alert lines and the final report, not redraws.
 */
export function liveView(io: CliIo, enabled: boolean): LiveView {
  const active = enabled && io.stderrIsTTY;
  let shown = 0;
  const erase = (): string => (shown ? `\u001b[${shown}A\u001b[J` : '');
  return {
    render(lines) {
      if (!active) return;
      io.stderr(redactSecrets(`${erase()}${lines.join('\n')}\n`));
      shown = lines.length;
    },
    print(line) {
      io.stderr(redactSecrets(`${active ? erase() : ''}${line}\n`));
      shown = 0;
    },
    clear() {
      if (active && shown) io.stderr(erase());
      shown = 0;
    },
  };
}
