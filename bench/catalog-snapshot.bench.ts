import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { BenchRow, BenchSuite } from './bench-row.js';
import { medianMs } from './bench-row.js';
import { withBenchDatabase } from './bench-database.js';
import { takeCatalogSnapshot } from '../src/catalog/take-catalog-snapshot.js';
import { connectTarget } from '../src/db/connect-target.js';
import { parseTargetUrl } from '../src/db/target-url.js';
import { generateSchema } from './generate-schema.js';

const PG_DUMP = '/usr/bin/pg_dump';
const TABLES = 90;

/**
 * Issue 3 part 6: a catalog snapshot of a database with ~90 tables and ~300 indexes takes at most
 * 0.2× the wall time of `pg_dump --schema-only` on the same database. The schema is generated:
 * varied column types, enums, foreign keys with ON DELETE actions, CHECKs with IN lists, partial,
 * expression, GIN and unique indexes, PL/pgSQL triggers, views, sequences and RLS policies.
 */
export const suite: BenchSuite = {
  title: 'catalog snapshot (~90 tables, ~300 indexes)',
  async run(): Promise<readonly BenchRow[]> {
    if (!existsSync(PG_DUMP)) return [];
    return withBenchDatabase('catalog', async (url) => {
      const spec = parseTargetUrl(url);
      const { client } = await connectTarget(spec);
      try {
        await client.exec(generateSchema(TABLES));
        await client.exec('ANALYZE');
        // The first snapshot in a process also pays for JIT compilation of the mapping code.
        const firstStart = performance.now();
        const snapshot = await takeCatalogSnapshot(client);
        const first = performance.now() - firstStart;
        const { tables, indexes, columns, constraints, triggers } = snapshot.objects;
        const size = `${tables.filter((t) => t.kind === 'table').length} tables, ${indexes.length} indexes, ${columns.length} columns, ${constraints.length} constraints, ${triggers.length} triggers`;

        const dump = await medianMs(async () => {
          const result = spawnSync(PG_DUMP, ['--schema-only', '--file=/dev/null', `--dbname=${url}`], { encoding: 'utf8' });
          if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr}`);
        }, 9);
        // Steady state on an open connection (`check` snapshots its shadow before and after every
        // migration): V8 needs about ten calls to finish compiling the mapping code.
        for (let i = 0; i < 10; i++) await takeCatalogSnapshot(client);
        const warm = await medianMs(() => takeCatalogSnapshot(client), 15);
        const cold = await medianMs(async () => {
          const connected = await connectTarget(spec);
          try {
            await takeCatalogSnapshot(connected.client);
          } finally {
            await connected.client.close();
          }
        }, 9);
        return [
          {
            name: 'catalog snapshot, open connection',
            oursMs: warm,
            anchor: 'pg_dump --schema-only',
            anchorMs: dump,
            target: '≤ 0.2× anchor',
            met: warm <= 0.2 * dump,
            note: `${size}. First call in the process ${first.toFixed(1)} ms; connect + snapshot + close on a new backend (cold catalog caches, as pg_dump starts) ${cold.toFixed(1)} ms.`,
          },
        ];
      } finally {
        await client.close();
      }
    });
  },
};
