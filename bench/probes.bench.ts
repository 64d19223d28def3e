import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { check } from '../src/commands/check/check.js';
import { deployBenchInit, withBenchDatabase } from './bench-database.js';
import type { BenchRow, BenchSuite } from './bench-row.js';
import { medianMs } from './bench-row.js';
import { fixtureProjectDir } from './fixture-project-dir.js';

const ROWS = Number(process.env.PGPREFLIGHT_BENCH_ROWS ?? 10_000_000);

const INIT = `CREATE TABLE parent (id int PRIMARY KEY, name text);
CREATE TABLE big (
  id bigint PRIMARY KEY,
  status text, kind text, channel text, tier text,
  qty int, price numeric(12,2),
  parent_id int,
  code bigint,
  created_at timestamptz
);
`;

// The mix: six CHECKs, two SET NOT NULL and one FK to a small table, all on the big table.
const NINE_CHECKS = `ALTER TABLE big ADD CONSTRAINT big_status_check CHECK (status IN ('new', 'paid', 'shipped', 'done', 'cancelled'));
ALTER TABLE big ADD CONSTRAINT big_kind_check CHECK (kind IN ('a', 'b', 'c'));
ALTER TABLE big ADD CONSTRAINT big_channel_check CHECK (channel IN ('web', 'shop', 'phone'));
ALTER TABLE big ADD CONSTRAINT big_tier_check CHECK (tier IN ('gold', 'silver', 'bronze'));
ALTER TABLE big ADD CONSTRAINT big_qty_check CHECK (qty > 0);
ALTER TABLE big ADD CONSTRAINT big_price_check CHECK (price >= 0);
ALTER TABLE big ALTER COLUMN status SET NOT NULL;
ALTER TABLE big ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE big ADD CONSTRAINT big_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent (id);
`;

const UNIQUE = 'CREATE UNIQUE INDEX big_code_key ON big (code);\n';

/**
 * Issue 4: on a 10M-row table, the probe phase of `check` (timings.probes) for nine pending checks
 * against one `SELECT count(*)` of the table (target ≤ 1.5×), and the duplicate probe of a pending
 * UNIQUE index against PostgreSQL building that index (target ≤ 1×). Set PGPREFLIGHT_BENCH_ROWS for
 * a quicker run.
 */
export const suite: BenchSuite = {
  title: `data probes (${ROWS.toLocaleString('en')}-row table)`,
  async run(): Promise<readonly BenchRow[]> {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-bench-probes-'));
    try {
      return await withBenchDatabase('probes', async (url) => {
        const db = new pg.Client({ connectionString: url });
        await db.connect();
        try {
          process.stderr.write(`  building ${ROWS.toLocaleString('en')} rows…\n`);
          await deployBenchInit(db, INIT);
          await db.query(`INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 100) g`);
          await db.query(`INSERT INTO big SELECT g,
              (ARRAY['new', 'paid', 'shipped', 'done'])[1 + g % 4], (ARRAY['a', 'b', 'c'])[1 + g % 3],
              (ARRAY['web', 'shop'])[1 + g % 2], (ARRAY['gold', 'silver', 'bronze'])[1 + g % 3],
              1 + g % 100, (g % 1000) / 10.0, 1 + g % 100, g, timestamptz '2024-01-01' + g * interval '1 second'
            FROM generate_series(1, ${ROWS}) g`);
          await db.query('VACUUM ANALYZE big');
          await db.query('VACUUM ANALYZE parent');

          const probesOf = async (pending: string): Promise<{ ms: number; findings: number }> => {
            const project = fixtureProjectDir({ '20240101000000_init': INIT, '20240201000000_pending': pending });
            try {
              let findings = 0;
              const samples: number[] = [];
              for (let i = 0; i < 4; i++) {
                const result = await check({ dir: project, url, cacheDir });
                findings = result.findings.filter((f) => f.severity === 'error').length;
                if (i > 0) samples.push(result.timings.probes ?? NaN); // the first run warms the cache
              }
              samples.sort((a, b) => a - b);
              return { ms: samples[1]!, findings };
            } finally {
              rmSync(project, { recursive: true, force: true });
            }
          };

          const count = await medianMs(() => db.query('SELECT count(*) FROM big'), 5);
          const nine = await probesOf(NINE_CHECKS);
          const buildIndex = await medianMs(async () => {
            await db.query('CREATE UNIQUE INDEX bench_code_key ON big (code)');
            await db.query('DROP INDEX bench_code_key');
          }, 3);
          const unique = await probesOf(UNIQUE);
          return [
            {
              name: 'probes: 6 CHECK + 2 NOT NULL + 1 FK, one table',
              oursMs: nine.ms,
              anchor: 'SELECT count(*) of the table',
              anchorMs: count,
              target: '≤ 1.5× anchor',
              met: nine.ms <= 1.5 * count && nine.findings === 0,
              note: nine.findings
                ? `expected no violations, got ${nine.findings}`
                : 'one parallel pass, every check answered by one WHERE; the nine predicates are evaluated on every row, which count(*) (no column read) does not do — see README "Speed"',
            },
            {
              name: 'probes: duplicate keys of a pending UNIQUE',
              oursMs: unique.ms,
              anchor: 'CREATE UNIQUE INDEX (same key)',
              anchorMs: buildIndex,
              target: '≤ 1× anchor',
              met: unique.ms <= buildIndex && unique.findings === 0,
            },
          ];
        } finally {
          await db.end();
        }
      });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  },
};
