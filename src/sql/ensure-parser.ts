import type * as LibPgQuery from 'libpg-query';
import { PgPreflightError } from '../core/pgpreflight-error.js';

/** The loaded libpg-query module (PostgreSQL's own grammar compiled to WASM). */
export type PgParser = typeof LibPgQuery;

let loaded: PgParser | undefined;
let loading: Promise<PgParser> | undefined;
let loadMilliseconds: number | undefined;

/**
 * Loads the parser once, on first use. libpg-query instantiates its WASM module as soon as it is
 * imported, so it is imported dynamically here and nowhere else: commands that never parse SQL
 * (`status`) never pay for it.
 */
export function ensureParser(): Promise<PgParser> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= (async () => {
    const started = performance.now();
    try {
      const parser = (await import('libpg-query')) as PgParser;
      await parser.loadModule();
      loadMilliseconds = performance.now() - started;
      loaded = parser;
      return parser;
    } catch (error) {
      loading = undefined;
      throw new PgPreflightError('INTERNAL', `the SQL parser (libpg-query) failed to load: ${(error as Error).message}`, {
        hint: 'reinstall pgpreflight; its libpg-query dependency looks broken',
        cause: error,
      });
    }
  })();
  return loading;
}

/** The parser for synchronous code paths; they run only after `ensureParser()` has resolved. */
export function loadedParser(): PgParser {
  if (!loaded) {
    throw new PgPreflightError('INTERNAL', 'the SQL parser is used before it was loaded', {
      hint: 'await ensureParser() before calling a synchronous parse function',
    });
  }
  return loaded;
}

/** Wall milliseconds the first load took (import + WASM instantiation), once it has happened. */
export function parserLoadMilliseconds(): number | undefined {
  return loadMilliseconds;
}
