import { attributeEffects } from '../../analysis/effects/attribute-effects.js';
import { probesForEffects } from '../../analysis/probes/probes-for-effects.js';
import type { ProbeRequest } from '../../analysis/probes/probe-request.js';
import { flaggedRowsCondition, ProbeParams } from '../../analysis/probes/probe-sql.js';
import { Faker } from '../../analysis/sample/faker.js';
import { loadSample } from '../../analysis/sample/load-sample.js';
import { maskedColumns } from '../../analysis/sample/masked-columns.js';
import { maskRecords } from '../../analysis/sample/mask-records.js';
import { readSample, type FlaggedRows } from '../../analysis/sample/read-sample.js';
import { readShadowTables } from '../../analysis/sample/shadow-tables.js';
import type { CatalogSnapshot } from '../../catalog/catalog-snapshot.js';
import { diffCatalogs } from '../../catalog/diff-catalogs.js';
import { takeCatalogSnapshot } from '../../catalog/take-catalog-snapshot.js';
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
  const before = await withReadOnlyTransaction(options.target, (tx) => takeCatalogSnapshot(tx));
  const planned = await planProbes(options, before);
  const tables = await readShadowTables(options.shadow);
  const read = await withReadOnlyTransaction(options.target, async (tx) => {
    const target = await takeCatalogSnapshot(tx);
    // Values travel as text: print them as the shadow will read them.
    await tx.exec(
      "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3; SET LOCAL bytea_output = 'hex'",
    );
    const flagged = planned.requests.flatMap((request): FlaggedRows[] => {
      const params = new ProbeParams(false);
      const condition = flaggedRowsCondition(request, params);
      return condition
        ? [{ by: `the ${request.kind} probe of ${request.origin.migration}`, table: request.table, condition, params: params.values }]
        : [];
    });
    return { target, sample: await readSample(tx, { rows: options.rows, tables, target, flagged }) };
  });
  const masked = maskRecords(read.sample.tables, maskedColumns(options.mask, read.target.objects), new Faker());
  await loadSample(options.shadow, masked.tables, read.target.statistics.sequences);
  const everyRow = planned.requests.filter((r) => flaggedRowsCondition(r, new ProbeParams(false)) === undefined);
  return {
    rowsPerTable: options.rows,
    ms: performance.now() - start,
    tables: masked.tables.map((t) => ({
      table: `${t.table.schema}.${t.table.name}`,
      rows: t.records.length,
      sampled: t.sampled,
      flagged: t.flagged,
      parents: t.parents,
    })),
    masked: masked.faked,
    nulled: masked.nulled,
    notes: [
      ...planned.notes,
      ...read.sample.notes,
      ...everyRow.map(
        (r) =>
          `${r.origin.migration}: ${r.table.schema}.${r.table.name} gets a NOT NULL column without a default, which fails on any row: the sample's rows are enough`,
      ),
    ],
  };
}

/** The pending migrations applied on a planning shadow, each one's effects turned into the probes check would run. */
async function planProbes(options: SampleShadowOptions, target: CatalogSnapshot): Promise<{ requests: ProbeRequest[]; notes: string[] }> {
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
      const effects = attributeEffects(diffCatalogs(run.before.objects, run.after.objects), run.statements);
      const plan = probesForEffects({
        migration: { id: run.migration.id, path: run.migration.path },
        effects,
        statements: run.statements,
        target: target.objects,
        targetServerVersionNum: target.source.serverVersionNum,
        after: run.after.objects,
        idPrefix: `${run.migration.id}#`,
      });
      requests.push(...plan.requests);
    }
  } finally {
    await shadow.close();
  }
  return { requests, notes };
}
