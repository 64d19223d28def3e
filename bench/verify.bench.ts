import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { verify, type VerifyOptions } from '../src/commands/verify/verify.js';
import { deployBenchInit, withBenchDatabase } from './bench-database.js';
import type { BenchRow, BenchSuite } from './bench-row.js';
import { fixtureProjectDir } from './fixture-project-dir.js';

const ROWS = Number(process.env.PGPREFLIGHT_BENCH_ROWS ?? 10_000_000);

const INIT = `CREATE TABLE parent (id int PRIMARY KEY, name text);
CREATE TABLE big (
  id bigserial PRIMARY KEY,
  code bigint NOT NULL,
  ref bigint,
  status text,
  qty int,
  parent_id int REFERENCES parent (id),
  created_at timestamptz
);
CREATE UNIQUE INDEX big_code_key ON big (code);
CREATE INDEX big_parent_id_idx ON big (parent_id);
`;

/**
 * Issue 8: `verify` with 10 checks on a 10M-row table against one `SELECT count(*)` of the table
 * (target ≤ 1.5×). The ten: an invariant on the big table, its unique key (`code`), the objects the
 * migrations create, and the seven built-in health checks — among them the sequence of `big.id`
 * against the column's max and the foreign key's index. A second row measures a unique key that no
 * index answers (`ref`), which must be grouped like CREATE UNIQUE INDEX would (target ≤ 1× the
 * index build, as for `check`'s duplicate probe). PGPREFLIGHT_BENCH_ROWS for a quicker run.
 */
export const suite: BenchSuite = {
  title: `verify (${ROWS.toLocaleString('en')}-row table)`,
  async run(): Promise<readonly BenchRow[]> {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-bench-verify-'));
    const project = fixtureProjectDir({ '20240101000000_init': INIT });
    try {
      return await withBenchDatabase('verify', async (url) => {
        const db = new pg.Client({ connectionString: url });
        await db.connect();
        try {
          process.stderr.write(`  building ${ROWS.toLocaleString('en')} rows…\n`);
          await deployBenchInit(db, INIT);
          await db.query(`INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 100) g`);
          await db.query(`INSERT INTO big (code, ref, status, qty, parent_id, created_at) SELECT g, g,
              (ARRAY['new', 'paid', 'shipped', 'done'])[1 + g % 4], 1 + g % 100, 1 + g % 100,
              timestamptz '2024-01-01' + g * interval '1 second'
            FROM generate_series(1, ${ROWS}) g`);
          await db.query('VACUUM ANALYZE big');
          await db.query('VACUUM ANALYZE parent');

          const options: VerifyOptions = {
            url,
            dir: project,
            cacheDir,
            invariants: [{ name: 'quantities are positive', sql: 'SELECT id, qty FROM big WHERE qty <= 0' }],
            unique: [{ table: 'big', columns: ['code'] }],
          };
          // Interleaved, so that load on the machine falls on both sides alike; medians of five.
          const rounds = async (opts: VerifyOptions, anchor: () => Promise<unknown>, runs = 5) => {
            await verify(opts); // warms the shadow and catalog caches
            const ours: number[] = [];
            const theirs: number[] = [];
            const scans: number[] = [];
            let last: Awaited<ReturnType<typeof verify>> | undefined;
            for (let i = 0; i < runs; i++) {
              let start = performance.now();
              await anchor();
              theirs.push(performance.now() - start);
              start = performance.now();
              last = await verify(opts);
              ours.push(performance.now() - start);
              scans.push(last.timings.invariants ?? last.timings.duplicates ?? 0);
            }
            const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
            return {
              ms: median(ours),
              anchorMs: median(theirs),
              scanMs: median(scans),
              checks: last!.checks.length,
              findings: last!.summary.errors + last!.summary.warnings,
            };
          };

          const ten = await rounds(options, () => db.query('SELECT count(*) FROM big'));
          const unindexed = await rounds(
            { ...options, invariants: [], unique: [{ table: 'big', columns: ['ref'] }] },
            async () => {
              await db.query('CREATE UNIQUE INDEX bench_ref_key ON big (ref)');
              await db.query('DROP INDEX bench_ref_key');
            },
            3,
          );
          const clean = (r: { findings: number }) => (r.findings ? `expected a clean database, got ${r.findings} findings` : undefined);
          return [
            {
              name: `verify: ${ten.checks} checks, whole command`,
              oursMs: ten.ms,
              anchor: 'SELECT count(*) of the table',
              anchorMs: ten.anchorMs,
              target: '≤ 1.5× anchor',
              met: ten.ms <= 1.5 * ten.anchorMs && ten.checks === 10 && ten.findings === 0,
              note:
                clean(ten) ??
                `the invariant's scan took ${Math.round(ten.scanMs)} ms (${(ten.scanMs / ten.anchorMs).toFixed(2)}× count(*), which reads the smallest index instead of the table); the rest — connect, history, catalog, sequences, the unique key answered by its index, expected objects from the cached catalog, the health checks — ran beside it on a second connection or after it`,
            },
            {
              name: `verify: ${unindexed.checks} checks, unique key with no index`,
              oursMs: unindexed.ms,
              anchor: 'CREATE UNIQUE INDEX (same key)',
              anchorMs: unindexed.anchorMs,
              target: '≤ 1× anchor',
              met: unindexed.ms <= unindexed.anchorMs && unindexed.findings === 0,
              ...(clean(unindexed) ? { note: clean(unindexed)! } : {}),
            },
          ];
        } finally {
          await db.end();
        }
      });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
      rmSync(project, { recursive: true, force: true });
    }
  },
};
