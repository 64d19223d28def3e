import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { BenchRow, BenchSuite } from './bench-row.js';
import { medianMs } from './bench-row.js';
import { withBenchDatabase } from './bench-database.js';
import { prismaChecksum } from '../src/migrations/prisma/prisma-checksum.js';
import { PRISMA_MIGRATIONS_DDL } from '../src/migrations/prisma/write-prisma-history.js';

const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus/documenso/prisma/migrations');
const BIN = path.resolve(import.meta.dirname, '../bin/pgpreflight.js');
const COUNT = 820;

/**
 * Issue 3: `status` on an 820-migration Prisma project < 1 s warm. The project is documenso's
 * real migrations repeated to 820 folders; every one is recorded as applied, so status reads 820
 * files, 820 checksums and 820 history rows. Timed as a whole CLI process (node start-up included).
 */
export const suite: BenchSuite = {
  title: 'status (820-migration Prisma project)',
  async run(): Promise<readonly BenchRow[]> {
    if (!existsSync(CORPUS)) return [];
    const root = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-bench-status-'));
    try {
      return await withBenchDatabase('status', async (url) => {
        const sources = readdirSync(CORPUS)
          .filter((name) => !name.endsWith('.toml'))
          .sort();
        const db = new pg.Client({ connectionString: url });
        await db.connect();
        await db.query(PRISMA_MIGRATIONS_DDL);
        mkdirSync(path.join(root, 'prisma', 'migrations'), { recursive: true });
        writeFileSync(path.join(root, 'prisma', 'migrations', 'migration_lock.toml'), 'provider = "postgresql"\n');
        for (let i = 0; i < COUNT; i++) {
          const sql = readFileSync(path.join(CORPUS, sources[i % sources.length]!, 'migration.sql'), 'utf8');
          const name = `${String(20200101000000 + i * 100)}_${sources[i % sources.length]!.replace(/^\d+_/, '')}`;
          mkdirSync(path.join(root, 'prisma', 'migrations', name));
          writeFileSync(path.join(root, 'prisma', 'migrations', name, 'migration.sql'), sql);
          await db.query(
            `INSERT INTO _prisma_migrations (id, checksum, started_at, finished_at, migration_name, applied_steps_count) VALUES (gen_random_uuid(), $1, now(), now(), $2, 1)`,
            [prismaChecksum(sql), name],
          );
        }
        await db.end();
        let exitCode: number | null = null;
        const warm = await medianMs(async () => {
          exitCode = spawnSync(process.execPath, [BIN, 'status', '--quiet', '--url', url], { cwd: root }).status;
        });
        return [
          {
            name: `status, ${COUNT} migrations, warm CLI process`,
            oursMs: warm,
            target: '< 1000 ms',
            met: warm < 1000 && exitCode === 0,
            note: exitCode === 0 ? undefined : `status exited ${exitCode}, expected 0 (all applied)`,
          },
        ];
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
