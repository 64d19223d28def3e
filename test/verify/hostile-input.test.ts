import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runWorkflow } from '../../src/analysis/workflows/run-workflow.js';
import { verify } from '../../src/commands/verify/verify.js';
import { isPgPreflightError } from '../../src/core/pgpreflight-error.js';
import { withReadOnlyTransaction } from '../../src/db/read-only.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { catalogObjects, readCounters } from '../support/target-counters.js';
import { adminQuery, createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

// Every text the user controls that reaches a target, in the shapes that would escape a READ ONLY
// transaction if they ran as written: a second statement after COMMIT/ROLLBACK, a SET that turns
// read-only off, a function that writes, a COPY that runs a program on the server.
const MARKER = path.join(os.tmpdir(), `pgpreflight-hostile-${process.pid}`);
const HOSTILE = [
  'SELECT 1 WHERE false; COMMIT; DELETE FROM x WHERE id = 3',
  'SELECT 1 WHERE false; ROLLBACK; DELETE FROM x WHERE id = 3',
  'COMMIT',
  'ROLLBACK',
  'SET transaction_read_only = off',
  'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
  'SELECT hostile_write()',
  `COPY (SELECT 1) TO PROGRAM 'touch ${MARKER}'`,
  `WITH d AS (DELETE FROM x WHERE id = 3 RETURNING id) SELECT id FROM d`,
] as const;
// The same escapes through unique[].where, which is spliced into pgpreflight's own query.
const HOSTILE_WHERE = [
  'true) GROUP BY 1) d; COMMIT; DELETE FROM x WHERE id = 3; --',
  'true) GROUP BY 1 HAVING true) d; ROLLBACK; DELETE FROM x WHERE id = 3; --',
  'hostile_write() IS NOT NULL',
] as const;

const SETUP = `CREATE TABLE x (id int PRIMARY KEY, v text);
INSERT INTO x SELECT g, 'v' || g FROM generate_series(1, 5) g;
CREATE TABLE written (n int);
CREATE FUNCTION hostile_write() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO written VALUES (1); DELETE FROM x WHERE id = 3; RETURN 1; END $$;`;

/** What a hostile text may make verify do: refuse it (a usage error, never INTERNAL) or report the query as failed. */
async function verifyOutcome(run: () => Promise<unknown>): Promise<string> {
  try {
    const result = (await run()) as { findings: readonly { ruleId: string; message: string }[] };
    const failed = result.findings.filter((f) => f.ruleId === 'query-failed' || f.ruleId === 'unique-check-failed');
    return failed.length ? `finding: ${failed.map((f) => f.message).join(' | ')}` : 'passed';
  } catch (error) {
    if (!isPgPreflightError(error)) throw error;
    expect(error.code).not.toBe('INTERNAL');
    expect(error.message).not.toContain('\n');
    return `${error.code}: ${error.message}`;
  }
}

describeServer('hostile user text never writes the target', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_hostile');
    const db = await connectTestDatabase(database.url);
    await db.exec(SETUP);
    await db.close();
  });
  afterAll(async () => {
    rmSync(MARKER, { force: true });
    await database?.drop();
  });

  /**
   * The target's rows, catalog and (for read-only work) its write counters are as before. A write
   * that was rolled back still counts in n_tup_ins/upd/del, so workflows — which write, then roll
   * back — are judged by the rows.
   */
  async function assertNothingWritten(run: () => Promise<void>, counters = true): Promise<void> {
    const catalogBefore = await catalogObjects(database.url);
    const rowsBefore = (await adminQuery(database.url, 'SELECT * FROM x ORDER BY id')).rows;
    const before = await readCounters(database.url, database.name);
    await run();
    const after = await readCounters(database.url, database.name);
    if (counters) expect(after.tables).toEqual(before.tables);
    expect((await adminQuery(database.url, 'SELECT * FROM x ORDER BY id')).rows).toEqual(rowsBefore);
    expect((await adminQuery(database.url, 'SELECT count(*)::int AS n FROM x')).rows[0].n).toBe(5);
    expect((await adminQuery(database.url, 'SELECT count(*)::int AS n FROM written')).rows[0].n).toBe(0);
    expect(existsSync(MARKER)).toBe(false);
    expect(await catalogObjects(database.url)).toEqual(catalogBefore);
  }

  it('verify: invariants, one at a time and in sequence, are refused or fail without writing', async () => {
    const outcomes: string[] = [];
    await assertNothingWritten(async () => {
      for (const sql of HOSTILE) {
        outcomes.push(await verifyOutcome(() => verify({ url: database.url, invariants: [{ name: 'hostile', sql }] })));
      }
      // An invariant that ends the transaction, then one that writes: the second must not run in autocommit.
      outcomes.push(
        await verifyOutcome(() =>
          verify({
            url: database.url,
            invariants: [
              { name: 'ends', sql: 'COMMIT' },
              { name: 'writes', sql: 'DELETE FROM x WHERE id = 4' },
            ],
          }),
        ),
      );
    });
    for (const outcome of outcomes) expect(outcome).not.toBe('passed');
    // Several statements and statements that are not a query are refused before anything runs, naming the setting.
    expect(outcomes[0]).toMatch(/^CONFIG_INVALID: invariants\[0\]\.sql holds 3 statements/);
    expect(outcomes[2]).toMatch(/^CONFIG_INVALID: invariants\[0\]\.sql .*COMMIT/);
    expect(outcomes[9]).toMatch(/^CONFIG_INVALID: invariants\[0\]\.sql/);
    // A query that calls a function that writes runs, and the READ ONLY transaction refuses the write.
    expect(outcomes[6]).toMatch(/finding: .*read-only transaction/);
  }, 60_000);

  it('verify: unique[].where is one expression, and the duplicate check stays read-only', async () => {
    const outcomes: string[] = [];
    await assertNothingWritten(async () => {
      for (const where of HOSTILE_WHERE) {
        outcomes.push(await verifyOutcome(() => verify({ url: database.url, unique: [{ table: 'x', columns: ['v'], where }] })));
      }
    });
    expect(outcomes[0]).toMatch(/^CONFIG_INVALID: unique\[0\]\.where/);
    expect(outcomes[1]).toMatch(/^CONFIG_INVALID: unique\[0\]\.where/);
    expect(outcomes[2]).toMatch(/finding: .*read-only transaction/);
  }, 60_000);

  it('workflows (run on the target by deploy): transaction control and COPY PROGRAM are refused, the rest rolled back', async () => {
    const outcomes: string[] = [];
    await assertNothingWritten(async () => {
      const db = await connectTestDatabase(database.url);
      try {
        for (const sql of [...HOSTILE, 'DELETE FROM x WHERE id = 3; SELECT hostile_write()']) {
          outcomes.push(
            await runWorkflow(db, { name: 'hostile', sql }).then(
              (outcome) => (outcome.passed ? 'passed' : `failed: ${outcome.error}`),
              (error: unknown) => (isPgPreflightError(error) ? `${error.code}: ${error.message}` : Promise.reject(error)),
            ),
          );
        }
        // A function workflow that ends the transaction is stopped before its next statement.
        outcomes.push(
          await runWorkflow(db, {
            name: 'function',
            run: async (q) => {
              await q.query('COMMIT');
              await q.query('DELETE FROM x WHERE id = 4');
            },
          }).then(
            () => 'passed',
            (error: unknown) => (isPgPreflightError(error) ? `${error.code}: ${error.message}` : Promise.reject(error)),
          ),
        );
      } finally {
        await db.close();
      }
    }, false);
    expect(outcomes.slice(0, 4)).toEqual(
      outcomes
        .slice(0, 4)
        .map(() => expect.stringMatching(/^CONFIG_INVALID: workflow "hostile" line \d+: a (COMMIT|ROLLBACK) statement is not allowed/)),
    );
    expect(outcomes[7]).toMatch(/^CONFIG_INVALID: .*COPY with a PROGRAM/);
    // Writes are what a workflow does: they ran, and the rollback undid them.
    expect(outcomes[9]).toBe('passed');
    expect(outcomes[10]).toMatch(/^TRANSACTION_ENDED: /);
  }, 60_000);

  it('the read-only transaction itself: no statement turns it off or runs after it ended', async () => {
    const outcomes: string[] = [];
    await assertNothingWritten(async () => {
      const db = await connectTestDatabase(database.url);
      try {
        for (const escape of [
          'SET transaction_read_only = off',
          'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
          'COMMIT',
          'ROLLBACK',
        ]) {
          outcomes.push(
            await withReadOnlyTransaction(db, async (tx) => {
              await tx.query(escape);
              await tx.query('DELETE FROM x WHERE id = 5');
              return 'passed';
            }).catch(
              (error: unknown) =>
                `${(error as { sqlState?: string }).sqlState ?? (error as { code?: string }).code}: ${(error as Error).message}`,
            ),
          );
        }
      } finally {
        await db.close();
      }
    });
    expect(outcomes[0]).toMatch(/^25001: transaction read-write mode must be set before any query/);
    expect(outcomes[1]).toMatch(/^25006: cannot execute DELETE in a read-only transaction/);
    expect(outcomes[2]).toMatch(/^TRANSACTION_ENDED: /);
    expect(outcomes[3]).toMatch(/^TRANSACTION_ENDED: /);
  }, 60_000);
});
