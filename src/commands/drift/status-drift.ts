import { PgPreflightError } from '../../core/pgpreflight-error.js';
import { defaultCacheDir } from '../../db/shadow-cache-dir.js';
import { isShadowCached } from '../../db/shadow-cache-store.js';
import { appliedMigrations } from '../../migrations/applied-migrations.js';
import { replayedShadowKey } from '../../migrations/replayed-shadow-key.js';
import type { DriftAllowEntry, StatusDrift } from '../../report/drift-result.js';
import type { CompareWithMigrationsOptions } from './compare-with-migrations.js';

const NOT_BUILT: StatusDrift = {
  state: 'unavailable',
  reason: 'the expected schema is not built yet: run pgpreflight drift once (status then reuses it)',
};

export interface StatusDriftOptions {
  readonly allow?: readonly DriftAllowEntry[];
  readonly cacheDir?: string;
}

/**
 * The drift line of `status`, kept cheap: the expected schema comes from the shadow cache only
 * (what `drift`, `check` or `rehearse` last built for these applied migrations), never replayed
 * here. Never fails status: when there is no cached shadow, or the comparison fails, the line says
 * so instead.
 */
export async function statusDrift(
  comparison: Omit<CompareWithMigrationsOptions, 'shadowUrl' | 'cacheDir' | 'onlyFromCache'>,
  options: StatusDriftOptions,
): Promise<StatusDrift> {
  const { project, states } = comparison;
  const cacheDir = options.cacheDir ?? defaultCacheDir(project.layout.projectRoot);
  // Looked up before anything loads PGlite: without a cached shadow, status stays as quick as ever.
  if (!isShadowCached(cacheDir, replayedShadowKey(project.format.id, appliedMigrations(project.migrations, states)))) return NOT_BUILT;
  try {
    const { compareWithMigrations } = await import('./compare-with-migrations.js');
    const { driftItems } = await import('./drift-items.js');
    const compared = await compareWithMigrations({
      ...comparison,
      onlyFromCache: true,
      cacheDir,
    });
    const { items, stale } = driftItems(compared.effects, compared.actual.objects, compared.expected.objects, options.allow ?? []);
    const unexpected = items.filter((i) => !i.allowed).length;
    return { state: unexpected ? 'drift' : 'clean', unexpected, allowed: items.length - unexpected, stale: stale.length };
  } catch (error) {
    if (error instanceof PgPreflightError && error.code === 'SHADOW_NOT_CACHED') return NOT_BUILT;
    return { state: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
}
