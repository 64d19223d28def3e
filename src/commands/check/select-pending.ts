import { PgPreflightError } from '../../core/pgpreflight-error.js';
import type { Migration, MigrationState } from '../../migrations/migration.js';

export interface PendingSelection {
  /** Replayed into the shadow first, in order: the schema the pending migrations start from. */
  readonly applied: readonly Migration[];
  /** Checked one after another, in order. */
  readonly pending: readonly Migration[];
  /** How the pending ones were chosen, for the report. */
  readonly basis: 'target history' | 'named' | 'latest';
}

export interface SelectPendingOptions {
  /** Migration ids named on the command line. */
  readonly only?: readonly string[];
  /** Without a target: how many of the newest migrations count as pending (default 1). */
  readonly latest?: number;
}

// What the next deploy runs: never applied, rolled back (re-applied), or failed (re-run once resolved).
const WILL_RUN = new Set<MigrationState['status']>(['pending', 'rolled-back', 'failed']);

/**
 * Which migrations `check` looks at. With a target, those its history says the next deploy will
 * run; without one (a CI job with no database), the newest `latest` or the ones named — everything
 * before them is taken as applied.
 */
export function selectPending(
  migrations: readonly Migration[],
  states: readonly MigrationState[] | undefined,
  options: SelectPendingOptions = {},
): PendingSelection {
  const named = options.only?.length ? resolveNamed(migrations, options.only) : undefined;
  if (states) {
    const statusOf = new Map(states.map((state) => [state.id, state.status]));
    const willRun = migrations.filter((migration) => WILL_RUN.has(statusOf.get(migration.id) ?? 'pending'));
    if (named) {
      const notPending = named.filter((migration) => !willRun.includes(migration));
      if (notPending.length) {
        throw new PgPreflightError('USAGE', `${notPending.map((m) => m.id).join(', ')}: already applied on the target, nothing to check`, {
          hint: 'name pending migrations only (see `pgpreflight status`), or omit the names to check every pending one',
        });
      }
    }
    const pending = named ?? willRun;
    return { applied: migrations.filter((migration) => !willRun.includes(migration)), pending, basis: named ? 'named' : 'target history' };
  }
  const latest = Math.max(1, Math.floor(options.latest ?? 1));
  const pending = named ?? migrations.slice(-latest);
  const first = migrations.indexOf(pending[0]!);
  return { applied: migrations.slice(0, first), pending, basis: named ? 'named' : 'latest' };
}

function resolveNamed(migrations: readonly Migration[], names: readonly string[]): Migration[] {
  const found = names.map((name) => {
    const migration = migrations.find((m) => m.id === name || m.historyKey === name || m.path === name || m.path.startsWith(`${name}/`));
    if (!migration) {
      const close = migrations
        .filter((m) => m.id.includes(name))
        .slice(0, 3)
        .map((m) => m.id);
      throw new PgPreflightError('USAGE', `no migration named ${name}`, {
        hint: close.length ? `did you mean ${close.join(', ')}?` : 'run `pgpreflight status` to list the migrations',
      });
    }
    return migration;
  });
  // Checked in the tool's order, whatever order they were named in.
  return migrations.filter((migration) => found.includes(migration));
}
