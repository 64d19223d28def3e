import type { PgPreflightConfig } from './config-schema.js';

/** Typed identity for `pgpreflight.config.ts`: editors complete and check every setting. */
export function defineConfig(config: PgPreflightConfig): PgPreflightConfig {
  return config;
}
