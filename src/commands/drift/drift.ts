import { countFindings, type Finding } from '../../core/finding.js';
import { Stopwatch } from '../../core/timings.js';
import type { MigrationFormatId } from '../../migrations/migration.js';
import type { DriftAllowEntry, DriftItem, DriftResult } from '../../report/drift-result.js';
import { openTargetHistory } from '../open-target-history.js';
import { allowlistSnippet } from './allowlist-snippet.js';
import { compareWithMigrations } from './compare-with-migrations.js';
import { driftItems } from './drift-items.js';

export interface DriftOptions {
  /** Project root or migrations folder. */
  readonly dir: string;
  readonly dirLabel?: string;
  readonly format?: MigrationFormatId;
  /** The target: read only, in a read-only transaction. */
  readonly url: string;
  readonly environment?: string;
  /** Config `drift.allow`: known drift, each with a reason. */
  readonly allow?: readonly DriftAllowEntry[];
  /** Build the expected schema on a scratch database of this server instead of the embedded shadow. */
  readonly shadowUrl?: string;
  readonly cacheDir?: string;
  /** Also return the config snippet that allows today's drift. */
  readonly writeAllowlist?: boolean;
}

/**
 * SPEC `drift`: the target's schema against the schema its applied migrations produce (replayed on
 * the shadow), object by object, with the SQL that would bring the target back — or adopt an extra
 * object into a migration. Known drift from the config is shown as allowed; an allowlist entry that
 * matches nothing is stale. Never writes the target.
 */
export async function drift(options: DriftOptions): Promise<DriftResult> {
  const stopwatch = new Stopwatch();
  const { project, client, info, states, historySchema } = await openTargetHistory(options, stopwatch);
  try {
    const comparison = await compareWithMigrations({
      project,
      client,
      target: info,
      states,
      stopwatch,
      ...(historySchema !== undefined ? { historySchema } : {}),
      ...(options.shadowUrl !== undefined ? { shadowUrl: options.shadowUrl } : {}),
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    });
    const drifted = driftItems(comparison.effects, comparison.actual.objects, comparison.expected.objects, options.allow ?? []);
    const missingFiles = states.filter((s) => s.status === 'missing').map((s) => s.id);
    const findings: Finding[] = [
      ...drifted.items.map(itemFinding),
      ...drifted.stale.map(staleFinding),
      ...(missingFiles.length ? [missingFilesFinding(missingFiles)] : []),
    ];
    const count = (kind: DriftItem['kind']): number => drifted.items.filter((i) => !i.allowed && i.kind === kind).length;
    return {
      command: 'drift',
      target: info,
      layout: { format: project.format.id, tool: project.format.title, migrationsDir: project.layout.migrationsDir },
      expected: { migrations: comparison.applied.length, through: comparison.applied.at(-1)?.id ?? null },
      shadow: comparison.shadow,
      items: drifted.items,
      remediation: drifted.remediation,
      stale: drifted.stale,
      ...(options.writeAllowlist ? { allowlist: allowlistSnippet(drifted.items) } : {}),
      findings,
      summary: {
        ...countFindings(findings),
        unexpected: drifted.items.filter((i) => !i.allowed).length,
        allowed: drifted.items.filter((i) => i.allowed).length,
        stale: drifted.stale.length,
        missing: count('missing'),
        extra: count('extra'),
        different: count('different'),
      },
      timings: stopwatch.result(),
    };
  } finally {
    await client.close();
  }
}

const WHERE: Readonly<Record<DriftItem['kind'], string>> = {
  missing: 'the migrations create it, the target lacks it',
  extra: 'on the target, in no migration',
  different: 'differs from what the migrations create',
};

function itemFinding(item: DriftItem): Finding {
  const evidence = {
    kind: item.kind,
    object: item.object,
    expected: item.expected,
    actual: item.actual,
    remediation: item.remediation,
    ...(item.adopt ? { adopt: item.adopt } : {}),
  };
  if (item.allowed) {
    return {
      ruleId: 'schema-drift-allowed',
      severity: 'info',
      message: `${item.object}: ${WHERE[item.kind]} (known drift: ${item.reason})`,
      evidence,
    };
  }
  return {
    ruleId: 'schema-drift',
    severity: 'error',
    message: `${item.object}: ${WHERE[item.kind]}`,
    help:
      item.kind === 'extra'
        ? 'adopt it in a migration (the CREATE shown), drop it (the remediation SQL), or list it in drift.allow with a reason'
        : 'run the remediation SQL on the target (review it first), or list it in drift.allow with a reason',
    evidence,
  };
}

function staleFinding(entry: DriftAllowEntry): Finding {
  return {
    ruleId: 'drift-allowlist-stale',
    severity: 'warning',
    message: `drift.allow entry ${entry.object} matches no drift (reason was: ${entry.reason})`,
    help: 'remove it from the config: the drift it allowed is gone, and a stale entry would hide it if it came back',
    evidence: { object: entry.object, reason: entry.reason },
  };
}

function missingFilesFinding(ids: readonly string[]): Finding {
  return {
    ruleId: 'drift-history-without-files',
    severity: 'warning',
    message: `${ids.length} migration(s) recorded on the target have no file (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}): what they did shows as drift`,
    help: 'restore the files from version control, so the expected schema includes them',
    evidence: { migrations: ids },
  };
}
