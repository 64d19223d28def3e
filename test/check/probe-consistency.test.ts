import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeForms } from '../../src/analysis/probes/probe-forms.js';
import { check } from '../../src/commands/check/check.js';
import type { Finding } from '../../src/core/finding.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { openPglite } from '../../src/db/pglite-client.js';
import { SqlExecutionError } from '../../src/db/sql-execution-error.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { createTestDatabase, describeServer, serverUrl, type TestDatabase } from '../support/test-database.js';

/*
 * Every probe has one meaning whatever plan it takes (issue 15): the same rows are probed with each
 * form — the parent hashed (`NOT IN`) or probed row by row (`NOT EXISTS`), duplicate keys grouped by
 * hash or by sort, NULLs read from an index or from the table — with statistics unknown (never
 * analysed), with only the parents analysed, and with indexes on every probed column; each must give
 * the same counts and the same samples, and those are the rows PostgreSQL itself rejects.
 */

const INIT = '20240101000000_init';
const PENDING = '20240201000000_constraints';

const schema = (
  icu: boolean,
): string => `${icu ? "CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n" : ''}
CREATE TABLE "Tenant" ("tenant id" int PRIMARY KEY);
CREATE TABLE "Parent Tbl" ("Id" int PRIMARY KEY, "tenant id" int NOT NULL, UNIQUE ("tenant id", "Id"));
CREATE TABLE "Child Rows" (
  "Id" int PRIMARY KEY, "tenant id" int, "Parent Id" int, "Other Id" int, "Amount" int, "Label" text,
  "Code" text, "Active" boolean NOT NULL, "Slot" int, "Email" text${icu ? ' COLLATE ci' : ''}, "Name" text, "Qty" int
);
`;

// A clean row i: parent p = i % 1000 + 1 whose tenant is p % 10 + 1; every other value distinct or valid.
const CLEAN = `(i % 1000) + 1 AS p`;
const COLUMNS = '"Id", "tenant id", "Parent Id", "Other Id", "Amount", "Label", "Code", "Active", "Slot", "Email", "Name", "Qty"';
const row = (id: number, overrides: Readonly<Record<string, string>> = {}): string => {
  const p = (id % 1000) + 1;
  const base: Record<string, string> = {
    'tenant id': String((p % 10) + 1),
    'Parent Id': String(p),
    'Other Id': String(p),
    Amount: '1',
    Label: "'l'",
    Code: `'c${id}'`,
    Active: 'true',
    Slot: String(id),
    Email: `'e${id}@x'`,
    Name: `'n${id}'`,
    Qty: '1',
    ...overrides,
  };
  return `(${id}, ${Object.values(base).join(', ')})`;
};

const seed = (icu: boolean): string => `
INSERT INTO "Tenant" SELECT g FROM generate_series(1, 10) g;
INSERT INTO "Parent Tbl" SELECT g, g % 10 + 1 FROM generate_series(1, 1000) g;
INSERT INTO "Child Rows" (${COLUMNS})
  SELECT i, p % 10 + 1, p, p, 1, 'l', 'c' || i, true, i, 'e' || i || '@x', 'n' || i, 1 FROM (SELECT i, ${CLEAN} FROM generate_series(100, 2999) i) s;
INSERT INTO "Child Rows" (${COLUMNS}) VALUES
  ${[
    // foreign keys: (tenant id, Parent Id) MATCH SIMPLE → 1, 2; "tenant id" → 5; (tenant id, Other Id) MATCH FULL → 3, 5, 7, 8
    row(1, { 'Parent Id': '5000' }),
    row(2, { 'Parent Id': '1' }),
    row(3, { 'tenant id': 'NULL', 'Parent Id': '5000' }),
    row(4, { 'Parent Id': 'NULL' }),
    row(5, { 'tenant id': '99', 'Parent Id': 'NULL' }),
    row(6, { 'tenant id': 'NULL', 'Other Id': 'NULL' }),
    row(7, { 'Other Id': 'NULL' }),
    row(8, { 'Other Id': '7777' }),
    // CHECK ("Amount" > 0) → 9, 11 (NULL passes)
    row(9, { Amount: '-1' }),
    row(10, { Amount: 'NULL' }),
    row(11, { Amount: '0' }),
    // SET NOT NULL "Label" → 12, 13
    row(12, { Label: 'NULL' }),
    row(13, { Label: 'NULL' }),
    // UNIQUE ("Code") WHERE "Active" → one group of 2 (16 is outside the index, NULLs never collide)
    row(14, { Code: "'dup'" }),
    row(15, { Code: "'dup'" }),
    row(16, { Code: "'dup'", Active: 'false' }),
    row(17, { Code: 'NULL' }),
    row(18, { Code: 'NULL' }),
    // UNIQUE NULLS NOT DISTINCT ("Slot") → (NULL) × 2 and (100) × 2
    row(19, { Slot: 'NULL' }),
    row(20, { Slot: 'NULL' }),
    row(21, { Slot: '100' }),
    // UNIQUE ("Email"), case-insensitive where ICU is there → 'E123@X' ~ 'e123@x'; NULLs never collide
    row(22, { Email: "'E123@X'" }),
    row(24, { Email: 'NULL' }),
    row(25, { Email: 'NULL' }),
    // UNIQUE ("Name" COLLATE "C") → 'n127' twice; 'N129' differs from 'n129' under "C"
    row(26, { Name: "'n127'" }),
    row(28, { Name: "'N129'" }),
    // TYPE smallint → 30, 32 (NULL converts)
    row(30, { Qty: '40000' }),
    row(31, { Qty: 'NULL' }),
    row(32, { Qty: '-40000' }),
  ].join(',\n  ')};
ALTER TABLE "Tenant" SET (autovacuum_enabled = false);
ALTER TABLE "Parent Tbl" SET (autovacuum_enabled = false);
ALTER TABLE "Child Rows" SET (autovacuum_enabled = false);
${icu ? '' : ''}`;

const statements = (icu: boolean): readonly { sql: string; rule: string; sqlState: string; count: number; rows?: number }[] => [
  {
    sql: 'ALTER TABLE "Child Rows" ADD CONSTRAINT "Simple FK" FOREIGN KEY ("tenant id", "Parent Id") REFERENCES "Parent Tbl" ("tenant id", "Id")',
    rule: 'foreign-key-orphans',
    sqlState: '23503',
    count: 2,
  },
  {
    sql: 'ALTER TABLE "Child Rows" ADD CONSTRAINT "Tenant FK" FOREIGN KEY ("tenant id") REFERENCES "Tenant" ("tenant id")',
    rule: 'foreign-key-orphans',
    sqlState: '23503',
    count: 1,
  },
  {
    sql: 'ALTER TABLE "Child Rows" ADD CONSTRAINT "Full FK" FOREIGN KEY ("tenant id", "Other Id") REFERENCES "Parent Tbl" ("tenant id", "Id") MATCH FULL',
    rule: 'foreign-key-orphans',
    sqlState: '23503',
    count: 4,
  },
  {
    sql: 'ALTER TABLE "Child Rows" ADD CONSTRAINT "Amount positive" CHECK ("Amount" > 0)',
    rule: 'check-violated-by-rows',
    sqlState: '23514',
    count: 2,
  },
  { sql: 'ALTER TABLE "Child Rows" ALTER COLUMN "Label" SET NOT NULL', rule: 'not-null-violated-by-rows', sqlState: '23502', count: 2 },
  {
    sql: 'CREATE UNIQUE INDEX "Code active" ON "Child Rows" ("Code") WHERE "Active"',
    rule: 'unique-duplicates',
    sqlState: '23505',
    count: 1,
    rows: 2,
  },
  {
    sql: 'CREATE UNIQUE INDEX "Slot nnd" ON "Child Rows" ("Slot") NULLS NOT DISTINCT',
    rule: 'unique-duplicates',
    sqlState: '23505',
    count: 2,
    rows: 4,
  },
  ...(icu
    ? [{ sql: 'CREATE UNIQUE INDEX "Email ci" ON "Child Rows" ("Email")', rule: 'unique-duplicates', sqlState: '23505', count: 1, rows: 2 }]
    : []),
  {
    sql: 'CREATE UNIQUE INDEX "Name C" ON "Child Rows" (("Name" COLLATE "C"))',
    rule: 'unique-duplicates',
    sqlState: '23505',
    count: 1,
    rows: 2,
  },
  { sql: 'ALTER TABLE "Child Rows" ALTER COLUMN "Qty" TYPE smallint', rule: 'type-conversion-fails', sqlState: '22003', count: 2 },
];

const INDEXES = `
CREATE INDEX ON "Child Rows" ("tenant id", "Parent Id");
CREATE INDEX ON "Child Rows" ("tenant id", "Other Id");
CREATE INDEX ON "Child Rows" ("Label");
CREATE INDEX ON "Child Rows" ("Code");
CREATE INDEX ON "Child Rows" ("Slot");
CREATE INDEX ON "Child Rows" ("Amount");
CREATE INDEX ON "Child Rows" ("Qty");
CREATE INDEX ON "Parent Tbl" ("Id", "tenant id");
ANALYZE;
`;

const PROBE_RULES = new Set([
  'foreign-key-orphans',
  'check-violated-by-rows',
  'not-null-violated-by-rows',
  'unique-duplicates',
  'type-conversion-fails',
]);

/**
 * What must not change with the plan: each probe finding's text, count and samples. Under a
 * nondeterministic collation a group's key is any of its equal values ('E123@X' or 'e123@x'), as
 * GROUP BY returns it: those are compared as the collation compares them.
 */
const answers = (findings: readonly Finding[]): unknown[] =>
  findings
    .filter((f) => PROBE_RULES.has(f.ruleId) || f.ruleId === 'probe-failed')
    .map((f) => ({
      rule: f.ruleId,
      line: f.line,
      message: f.message,
      count: f.evidence?.count,
      rows: f.evidence?.rows,
      samples: (f.evidence?.samples as Record<string, unknown>[]).map((s) =>
        typeof s.Email === 'string' ? { ...s, Email: s.Email.toLowerCase() } : s,
      ),
    }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

async function probeWith(
  url: string,
  icu: boolean,
  forms: ProbeForms,
  shadowUrl?: string,
): Promise<{ answers: unknown[]; estimates: (number | null)[] }> {
  const sql = statements(icu)
    .map((s) => `${s.sql};\n`)
    .join('');
  const project = prismaProject({ [INIT]: schema(icu), [PENDING]: sql });
  const estimates: (number | null)[] = [];
  try {
    const result = await check({
      dir: project.root,
      url,
      probeForms: forms,
      ...(shadowUrl ? { shadowUrl } : {}),
      onProgress: (event) => {
        if (event.phase === 'probe') estimates.push(event.estimatedRows);
      },
    });
    expect(result.migrations[0]!.outcome).toBe('checked');
    return { answers: answers(result.findings), estimates };
  } finally {
    project.remove();
  }
}

/** The counts the statements' own design says, each at its line. */
function expectDesigned(found: unknown[], icu: boolean): void {
  const designed = statements(icu).map((s, i) => ({ rule: s.rule, line: i + 1, count: s.count, rows: s.rows }));
  expect(
    found.map((f) => {
      const { rule, line, count, rows } = f as Record<string, unknown>;
      return { rule, line, count, rows };
    }),
  ).toEqual(designed);
}

/** PostgreSQL's own verdict: each statement alone, rolled back, fails with the SQLSTATE predicted. */
async function expectPostgresAgrees(db: DatabaseClient, icu: boolean): Promise<void> {
  for (const statement of statements(icu)) {
    await db.exec('BEGIN');
    try {
      await db.exec(statement.sql);
      expect.fail(`${statement.sql} succeeded`);
    } catch (error) {
      if (!(error instanceof SqlExecutionError)) throw error;
      expect(error.sqlState, statement.sql).toBe(statement.sqlState);
    } finally {
      await db.exec('ROLLBACK');
    }
  }
}

describeServer('every probe form gives the same answer over the same rows (PostgreSQL server)', () => {
  let database: TestDatabase;
  let db: DatabaseClient;
  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_forms');
    db = await connectTestDatabase(database.url);
    await deployPrismaTarget(db, { [INIT]: schema(true) }, seed(true));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('hashed and NOT EXISTS parents, hashed and sorted groups, index and scan, before and after ANALYZE', async () => {
    const shadow = serverUrl()!;
    const forms: readonly ProbeForms[] = [
      {},
      { hashedParentRows: 0 },
      { hashedParentRows: Infinity, sortedUniqueRows: 0, nullsFromIndex: false },
    ];
    const runs: unknown[][] = [];
    // Never analysed: no estimate, so the default probes every parent with NOT EXISTS.
    for (const f of forms) {
      const run = await probeWith(database.url, true, f, shadow);
      expect(run.estimates.every((e) => e === null)).toBe(true);
      runs.push(run.answers);
    }
    // Only the parents analysed: the default hashes them.
    await db.exec('ANALYZE "Tenant"; ANALYZE "Parent Tbl";');
    for (const f of forms) runs.push((await probeWith(database.url, true, f, shadow)).answers);
    // Every probed column indexed and everything analysed.
    await db.exec(INDEXES);
    for (const f of forms) {
      const run = await probeWith(database.url, true, f, shadow);
      expect(run.estimates.every((e) => e !== null && e > 0)).toBe(true);
      runs.push(run.answers);
    }
    expectDesigned(runs[0]!, true);
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
    await expectPostgresAgrees(db, true);
  });
});

describe('every probe form gives the same answer over the same rows (embedded PGlite target)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-forms-'));
    const db = await openPglite({ dataDir, extensions: [] });
    await deployPrismaTarget(db, { [INIT]: schema(false) }, seed(false));
    await db.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('NOT EXISTS against hashed parents', async () => {
    const notExists = await probeWith(`pglite:${dataDir}`, false, { hashedParentRows: 0, nullsFromIndex: false });
    const hashed = await probeWith(`pglite:${dataDir}`, false, { hashedParentRows: Infinity, sortedUniqueRows: 0 });
    expectDesigned(notExists.answers, false);
    expect(hashed.answers).toEqual(notExists.answers);
    const db = await openPglite({ dataDir, extensions: [] });
    try {
      await expectPostgresAgrees(db, false);
    } finally {
      await db.close();
    }
  });
});
