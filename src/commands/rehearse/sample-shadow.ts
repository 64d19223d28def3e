import { diffMigration } from '../../analysis/effects/diff-migration.js';
import { probesForEffects } from '../../analysis/probes/probes-for-effects.js';
import type { ProbeRequest } from '../../analysis/probes/probe-request.js';
import { flaggedRowsCondition, ProbeParams } from '../../analysis/probes/probe-sql.js';
import { Faker } from '../../analysis/sample/faker.js';
import { openSampleLoader } from '../../analysis/sample/open-sample-loader.js';
import { maskedColumns } from '../../analysis/sample/masked-columns.js';
import { maskLines, planMasks } from '../../analysis/sample/mask-rows.js';
import { readSample, type FlaggedRows } from '../../analysis/sample/read-sample.js';
import { readShadowTables } from '../../analysis/sample/shadow-tables.js';
import type { CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
import { Stopwatch } from '../../core/timings.js';
import type { DatabaseClient } from '../../db/database-client.js';
import { withReadOnlyTransaction } from '../../db/read-only.js';
import type { Migration } from '../../migrations/migration.js';
import type { RehearseSample } from '../../report/rehearse-result.js';
import { applyOnShadow } from '../check/apply-on-shadow.js';
import type { CheckShadow } from '../check/open-check-shadow.js';

export interface SampleShadowOptions {
  /** The target, only read. */
  readonly target: DatabaseClient;
  /** The rehearsal shadow, holding the applied migrations and no rows yet. */
  readonly shadow: DatabaseClient;
  readonly rows: number;
  /** Config `mask` patterns. */
  readonly mask: readonly string[];
  readonly pending: readonly Migration[];
  /** A second shadow like the first, where the pending migrations are applied to learn what their probes flag. */
  readonly openPlanningShadow: () => Promise<CheckShadow>;
}

/**
 * The production-shaped shadow (`rehearse --sample N`): a sample of the target's rows, closed under
 * foreign keys, plus every row a pending migration's data probe flags — so the rehearsal fails
 * where production would — with masked columns replaced by fakes before they reach the shadow.
 */
export async function sampleShadow(options: SampleShadowOptions): Promise<RehearseSample> {
  const start = performance.now();
  const phases = new Stopwatch();
  const tables = await readShadowTables(options.shadow);
  const loader = await openSampleLoader(options.shadow);
  let planning: Promise<Planned> | undefined;
  try {
    const read = await withReadOnlyTransaction(options.target, async (tx) => {
      const target = await takeCatalogSnapshot(tx);
      const masks = planMasks(tables, maskedColumns(options.mask, target.objects));
      // Values travel as text: print them as the shadow will read them.
      await tx.exec(
        "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'",
      );
      // Which rows the probes flag is worked out on a second shadow while the sample is read.
      planning = phases.time('plan', () => planProbes(options, target));
      planning.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      const faker = new Faker();
      const sample = await phases.time('read', () =>
        readSample(tx, {
          rows: options.rows,
          tables,
          target,
          flagged: async () => flaggedRows((await planning!).requests),
          onRows: (table, columns, lines) => loader.add(table, columns, maskLines(table, columns, lines, masks, faker)),
        }),
      );
      return { target, masks, sample };
    });
    await phases.time('load', () => loader.finish(read.target.statistics.sequences));
    const planned = await planning!;
    return {
      rowsPerTable: options.rows,
      ms: performance.now() - start,
      phases: phases.result(),
      tables: read.sample.tables.map((t) => ({
        table: `${t.table.schema}.${t.table.name}`,
        rows: t.rows,
        sampled: t.sampled,
        flagged: t.flagged,
        parents: t.parents,
      })),
      masked: read.masks.faked,
      nulled: read.masks.nulled,
      notes: [
        ...planned.notes,
        ...read.sample.notes,
        ...planned.requests
          .filter((r) => flaggedRowsCondition(r, new ProbeParams(false)) === undefined)
          .map(
            (r) =>
              `${r.origin.migration}: ${r.table.schema}.${r.table.name} gets a NOT NULL column without a default, which fails on any row: the sample's rows are enough`,
          ),
      ],
    };
  } catch (error) {
    await loader.abort();
    // The planning shadow closes itself; wait for it, so nothing outlives the run.
    await planning?.catch(() => undefined);
    throw error;
  }
}

/** The conditions of the rows each probe flags. */
function flaggedRows(requests: readonly ProbeRequest[]): FlaggedRows[] {
  return requests.flatMap((request) => {
    const params = new ProbeParams(false);
    const condition = flaggedRowsCondition(request, params);
    return condition
      ? [{ by: `the ${request.kind} probe of ${request.origin.migration}`, table: request.table, condition, params: params.values }]
      : [];
  });
}

interface Planned {
  readonly requests: readonly ProbeRequest[];
  readonly notes: readonly string[];
}

/** The pending migrations applied on a planning shadow, each one's effects turned into the probes check would run. */
async function planProbes(options: SampleShadowOptions, target: CatalogSnapshot): Promise<Planned> {
  const requests: ProbeRequest[] = [];
  const notes: string[] = [];
  const shadow = await options.openPlanningShadow();
  try {
    for await (const run of applyOnShadow(shadow.client, options.pending)) {
      if (!run.after) {
        notes.push(
          `${run.migration.id} does not apply on a planning shadow, so the rows its probes would flag (and those of the migrations after it) are not added`,
        );
        break;
      }
      const effects = diffMigration(run.before.objects, run.after.objects, run.statements);
      const plan = probesForEffects({
        migration: { id: run.migration.id, path: run.migration.path },
        effects,
        statements: run.statements,
        target: target.objects,
        targetServerVersionNum: target.source.serverVersionNum,
        after: run.after.objects,
        idPrefix: `${run.migration.id}#`,
      });
      // A column a pending migration adds is not on the target: no condition there picks rows by it.
      requests.push(...plan.requests.filter((r) => !r.added?.length));
    }
  } finally {
    await shadow.close();
  }
  return { requests, notes };
}
