import { countFindings } from '../core/finding.js';
import { Stopwatch } from '../core/timings.js';
import { isUpToDate, outOfOrderPending } from '../migrations/classify-migrations.js';
import type { MigrationFormatId, MigrationState, MigrationStatus } from '../migrations/migration.js';
import type { StatusCounts, StatusResult } from '../report/status-result.js';
import { statusDrift, type StatusDriftOptions } from './drift/status-drift.js';
import { openTargetHistory } from './open-target-history.js';
import { interruptedRuns } from './interrupted-runs.js';
import { statusFindings } from './status-findings.js';

export interface StatusOptions {
  /** Project root or migrations folder. */
  readonly dir: string;
  /** Target: postgres:// URL, libpq key=value string, or pglite:PATH. */
  readonly url: string;
  readonly format?: MigrationFormatId;
  /** Shown in the output's target; from `--env`. */
  readonly environment?: string;
  /** How the folder was named, for error messages. */
  readonly dirLabel?: string;
  /** The one-line drift summary (from the expected schema drift cached; never a replay); false to skip it. */
  readonly drift?: StatusDriftOptions | false;
}

/**
 * Every migration's status on the target, judged as the project's own tool judges it: applied,
 * pending, failed, rolled back, modified after apply, or missing on disk. Reads the target in a
 * read-only transaction; never writes.
 */
export async function status(options: StatusOptions): Promise<StatusResult> {
  const stopwatch = new Stopwatch();
  const { project, client, info, history, states: recorded, historySchema } = await openTargetHistory(options, stopwatch);
  try {
    // A deploy that stopped half-way through a non-transactional migration left part of it with no
    // history row: the tool says pending, deploy refuses it until `resolve`; status says what deploy sees.
    const interrupted = await interruptedRuns(client, project, recorded, { closeAborted: false });
    const partial = new Set(interrupted.map((f) => f.migration));
    const migrations = recorded.map((s): MigrationState => (partial.has(s.id) && s.status === 'pending' ? { ...s, status: 'failed' } : s));
    const findings = [
      ...statusFindings({
        format: project.format,
        history,
        listingWarnings: project.warnings,
        migrations: recorded,
        outOfOrder: outOfOrderPending(recorded),
      }),
      ...interrupted,
    ];
    const counts = countStatuses(migrations);
    const drift =
      options.drift === false
        ? undefined
        : await statusDrift(
            {
              project,
              client,
              target: info,
              states: migrations,
              stopwatch,
              ...(historySchema !== undefined ? { historySchema } : {}),
            },
            options.drift ?? {},
          );
    return {
      command: 'status',
      target: info,
      layout: {
        format: project.format.id,
        tool: project.format.title,
        migrationsDir: project.layout.migrationsDir,
        historyTable: history.table,
        historyTableExists: history.tableExists,
      },
      migrations,
      findings,
      ...(drift ? { drift } : {}),
      summary: { ...countFindings(findings), total: migrations.length, upToDate: isUpToDate(migrations), ...counts },
      timings: stopwatch.result(),
    };
  } finally {
    await client.close();
  }
}

function countStatuses(states: readonly MigrationState[]): StatusCounts {
  const counts: Record<MigrationStatus, number> = { applied: 0, pending: 0, failed: 0, 'rolled-back': 0, modified: 0, missing: 0 };
  for (const state of states) counts[state.status]++;
  return counts;
}
