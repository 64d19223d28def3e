import type { ResolvedConfig } from '../config/config-schema.js';

/** Config `lint` → the thresholds lint and check take (unset ones keep their defaults). */
export function lintThresholds(config: NonNullable<ResolvedConfig['lint']>): { smallTableRows?: number; largeTableRows?: number } {
  return {
    ...(config.smallTableRows !== undefined ? { smallTableRows: config.smallTableRows } : {}),
    ...(config.largeTableRows !== undefined ? { largeTableRows: config.largeTableRows } : {}),
  };
}
