import type { DriftAllowEntry, StatusDrift } from '../../report/drift-result.js';
import { compareWithMigrations, type CompareWithMigrationsOptions } from './compare-with-migrations.js';
import { driftItems } from './drift-items.js';

export interface StatusDriftOptions {
  readonly allow?: readonly DriftAllowEntry[];
  readonly shadowUrl?: string;
  readonly cacheDir?: string;
}

/**
 * The drift line of `status`. Never fails status: when the expected schema cannot be built (a
 * migration the shadow cannot run, a server shadow out of reach) the line says why instead.
 */
export async function statusDrift(
  comparison: Omit<CompareWithMigrationsOptions, 'shadowUrl' | 'cacheDir'>,
  options: StatusDriftOptions,
): Promise<StatusDrift> {
  try {
    const compared = await compareWithMigrations({
      ...comparison,
      ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    });
    const { items, stale } = driftItems(compared.effects, compared.actual.objects, compared.expected.objects, options.allow ?? []);
    const unexpected = items.filter((i) => !i.allowed).length;
    return { state: unexpected ? 'drift' : 'clean', unexpected, allowed: items.length - unexpected, stale: stale.length };
  } catch (error) {
    return { state: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
}
