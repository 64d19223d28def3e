import { runInvariant, type Invariant } from '../../analysis/verify/run-invariant.js';
import type { VerifyCheckRun } from '../../analysis/verify/verify-check-run.js';
import type { Stopwatch } from '../../core/timings.js';
import { connectTarget } from '../../db/connect-target.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { withReadOnlyTransaction, type ReadOnlyOptions } from '../../db/read-only.js';
import type { TargetSpec } from '../../db/target-url.js';

export interface RunInvariantsOptions {
  readonly invariants: readonly Invariant[];
  readonly stopwatch: Stopwatch;
  readonly onInvariant?: (name: string) => void;
}

/** The invariants, one after another, in the caller's read-only transaction. */
export async function runInvariants(tx: DatabaseClient, options: RunInvariantsOptions): Promise<VerifyCheckRun[]> {
  const runs: VerifyCheckRun[] = [];
  for (const [i, invariant] of options.invariants.entries()) {
    options.onInvariant?.(invariant.name);
    runs.push(await options.stopwatch.time('invariants', () => runInvariant(tx, invariant, i)));
  }
  return runs;
}

export type Settled<T> = { readonly value: T } | { readonly error: unknown };

/**
 * On a server, the invariants run on a second connection in a read-only transaction of their own
 * (same timeouts), so their scans proceed while the first connection reads the catalog — which
 * they do not need. Settled, never rejected: the caller awaits it after its own work, and closes
 * nothing (the connection is closed here). Undefined for an embedded target (one client only) or
 * no invariants: they then run in the main transaction.
 */
export function runInvariantsAlongside(
  spec: TargetSpec,
  environment: string | undefined,
  options: RunInvariantsOptions & { readonly readOnly: ReadOnlyOptions },
): Promise<Settled<VerifyCheckRun[]>> | undefined {
  if (spec.kind !== 'postgres' || options.invariants.length === 0) return undefined;
  return connectTarget(spec, environment)
    .then(async ({ client }) => {
      try {
        return await withReadOnlyTransaction(client, (tx) => runInvariants(tx, options), options.readOnly);
      } finally {
        await client.close();
      }
    })
    .then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
}
