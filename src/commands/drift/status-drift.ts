import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { DriftAllowEntry, StatusDrift } from '../../report/drift-result.js';
import { compareWithMigrations, type CompareWithMigrationsOptions } from './compare-with-migrations.js';
import { driftItems } from './drift-items.js';

const NOT_BUILT: StatusDrift = {
  state: 'unavailable',
  reason: 'the expected schema is not built yet: run pgpreflight drift once (status then reuses it)',
};

export interface StatusDriftOptions {
  readonly allow?: readonly DriftAllowEntry[];
  readonly cacheDir?: string;
}

/**
 * The drift line of `status`, kept cheap: the expected schema comes from the cache only (what
 * `drift`, `check` or `rehearse` last built for these applied migrations), never replayed here;
 * PGlite is not even loaded when nothing is cached. Never fails status: when nothing is cached,
 * or the comparison fails, the line says so instead.
 */
export async function statusDrift(
  comparison: Omit<CompareWithMigrationsOptions, 'shadowUrl' | 'cacheDir' | 'onlyFromCache'>,
  options: StatusDriftOptions,
): Promise<StatusDrift> {
  try {
    const compared = await compareWithMigrations({
      ...comparison,
      onlyFromCache: true,
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    });
    const { items, stale } = driftItems(compared.effects, compared.actual.objects, compared.expected.objects, options.allow ?? []);
    const unexpected = items.filter((i) => !i.allowed).length;
    return { state: unexpected ? 'drift' : 'clean', unexpected, allowed: items.length - unexpected, stale: stale.length };
  } catch (error) {
    if (error instanceof PgPreflightError && error.code === 'SHADOW_NOT_CACHED') return NOT_BUILT;
    return { state: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
}
