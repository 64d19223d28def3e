// `npm run demo`: the incident from SPEC.md, on an embedded database — no server needed.
//
// 1. Builds a stand-in for production in examples/physical-count/.pgpreflight/target (PGlite): the
//    two migrations already deployed, `_prisma_migrations` rows exactly as `prisma migrate deploy`
//    writes them, and seed rows in which no transaction references a schedule item yet.
// 2. Runs pgpreflight against it, as a team would before deploying the pending migration: status,
//    check, rehearse, then deploy — refused by the gate, and then forced past it with --accept, to
//    show the deploy breaking the critical workflow and rolling itself back.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../../dist/db/pglite-client.js';
import { prismaChecksum } from '../../dist/migrations/prisma/prisma-checksum.js';
import {
  PRISMA_MIGRATIONS_DDL,
  recordPrismaFinished,
  recordPrismaStarted,
  recordPrismaStep,
} from '../../dist/migrations/prisma/write-prisma-history.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const migrationsDir = path.join(here, 'prisma', 'migrations');
const target = path.join(here, '.pgpreflight', 'target');
const deployed = ['20251001000000_init', '20251015000000_schedule_consumption'];

rmSync(target, { recursive: true, force: true });
// The forced deploy writes an incident report; start each demo without the last one's.
rmSync(path.join(here, 'docs'), { recursive: true, force: true });
mkdirSync(path.dirname(target), { recursive: true });
const db = await openPglite({ dataDir: target });
try {
  await db.exec(PRISMA_MIGRATIONS_DDL);
  for (const name of deployed) {
    const sql = readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
    const id = await recordPrismaStarted(db, name, prismaChecksum(sql));
    await db.exec(sql);
    await recordPrismaStep(db, id);
    await recordPrismaFinished(db, id);
  }
  await db.exec(readFileSync(path.join(here, 'seed.sql'), 'utf8'));
} finally {
  await db.close();
}

const pending = readdirSync(migrationsDir).filter((name) => !name.endsWith('.toml') && !deployed.includes(name));
const relTarget = path.relative(repo, target);
const common = ['--dir', path.relative(repo, here), '--url', `pglite:${relTarget}`];
console.log(`Embedded target ready (${deployed.length} migrations deployed, seed rows loaded); pending: ${pending.join(', ')}\n`);

const status = pgpreflight(['status', ...common]);
console.log(`\n(exit code ${status}: 1 means not up to date — one migration is pending)\n`);
const check = pgpreflight(['check', ...common]);
console.log(`\n(exit code ${check}: ${check === 0 ? 'no error-level finding' : '1 means an error-level finding'})\n`);
const rehearse = pgpreflight(['rehearse', ...common]);
console.log(`\n(exit code ${rehearse}: ${rehearse === 0 ? 'every workflow still passes' : '1 means the rehearsal broke a workflow'})\n`);
const deploy = pgpreflight(['deploy', ...common]);
console.log(`\n(exit code ${deploy}: ${deploy === 1 ? '1 — deploy refuses what check found; nothing was applied' : 'unexpected'})\n`);
const forced = pgpreflight([
  'deploy',
  ...common,
  '--accept',
  'check-rejects-trigger-write:20251104000000_physical_count=the demo forces it past the gate',
]);
console.log(
  `\n(exit code ${forced}: forced past the gate, the migration broke the workflow after it was applied, and deploy rolled it back with its down.sql; the incident report is under ${path.relative(repo, path.join(here, 'docs'))}/)`,
);

function pgpreflight(args) {
  console.log(`$ pgpreflight ${args.join(' ')}\n`);
  return spawnSync(process.execPath, [path.join(repo, 'bin', 'pgpreflight.js'), ...args], { cwd: repo, stdio: 'inherit' }).status;
}
