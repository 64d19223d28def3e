import { describe, expect, it } from 'vitest';
import type { SqlExecutionError } from '../../src/db/sql-execution-error.js';
import { parseSql } from '../../src/sql/parse-sql.js';
import { describeTransactionUse, noTransactionBlockReason, transactionControlOf } from '../../src/sql/transaction-control.js';
import { failureOf, onBothDatabases } from './support/sql-test-clients.js';

async function only(sql: string) {
  const { statements, errors } = await parseSql(sql);
  expect(errors).toEqual([]);
  expect(statements).toHaveLength(1);
  return statements[0]!;
}

const reasonOf = async (sql: string): Promise<string | undefined> => noTransactionBlockReason(await only(sql));

// Statements PostgreSQL refuses inside a transaction block, with the reason we give.
const NON_TRANSACTIONAL: readonly [string, string][] = [
  ['CREATE INDEX CONCURRENTLY t_a_idx2 ON t (a)', 'CREATE INDEX CONCURRENTLY'],
  ['DROP INDEX CONCURRENTLY t_a_idx', 'DROP INDEX CONCURRENTLY'],
  ['REINDEX (CONCURRENTLY) INDEX t_a_idx', 'REINDEX CONCURRENTLY'],
  ['REINDEX TABLE CONCURRENTLY t', 'REINDEX CONCURRENTLY'],
  ['VACUUM t', 'VACUUM'],
  ['VACUUM (ANALYZE) t', 'VACUUM'],
  ['CREATE DATABASE pgpreflight_never_created', 'CREATE DATABASE'],
  ['DROP DATABASE pgpreflight_never_created', 'DROP DATABASE'],
  ["ALTER SYSTEM SET work_mem = '4MB'", 'ALTER SYSTEM'],
  ["CREATE TABLESPACE pgpreflight_never LOCATION '/nonexistent'", 'CREATE TABLESPACE'],
  ['DROP TABLESPACE pgpreflight_never', 'DROP TABLESPACE'],
  ['DISCARD ALL', 'DISCARD ALL'],
  ['CLUSTER', 'CLUSTER without a table'],
  ['ALTER TABLE parted DETACH PARTITION parted_1 CONCURRENTLY', 'ALTER TABLE … DETACH PARTITION CONCURRENTLY'],
  ["COMMIT PREPARED 'pgpreflight_never'", 'COMMIT PREPARED'],
];

// Statements that look alike but may run in a transaction block.
const TRANSACTIONAL: readonly string[] = [
  'CREATE INDEX t_a_idx3 ON t (a)',
  'DROP INDEX t_a_idx',
  'REINDEX INDEX t_a_idx',
  'ANALYZE t',
  'CLUSTER t USING t_a_idx',
  "ALTER TYPE mood ADD VALUE 'ok'",
  'ALTER TABLE parted DETACH PARTITION parted_1',
  'DISCARD TEMP',
  'DO $$ BEGIN INSERT INTO t VALUES (1); END $$',
];

describe('transaction control', () => {
  it('recognises BEGIN/START, COMMIT/END, ROLLBACK/ABORT and savepoints', async () => {
    const { statements } = await parseSql(
      'BEGIN; START TRANSACTION ISOLATION LEVEL SERIALIZABLE; SAVEPOINT s; RELEASE SAVEPOINT s; ROLLBACK TO SAVEPOINT s; END; COMMIT; ROLLBACK; ABORT; SELECT 1',
    );
    expect(statements.map(transactionControlOf)).toEqual([
      'begin',
      'begin',
      'savepoint',
      'release-savepoint',
      'rollback-to-savepoint',
      'commit',
      'commit',
      'rollback',
      'rollback',
      undefined,
    ]);
  });

  it('tells whether a file manages its own transaction and what must run outside one', async () => {
    const own = describeTransactionUse(
      (await parseSql('BEGIN;\nALTER TABLE t ADD COLUMN b int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (b);')).statements,
    );
    expect(own.begins).toBe(true);
    expect(own.ends).toBe(true);
    expect(own.controls.map((c) => [c.control, c.statement.line])).toEqual([
      ['begin', 1],
      ['commit', 3],
    ]);
    expect(own.nonTransactional.map((n) => [n.reason, n.statement.line])).toEqual([['CREATE INDEX CONCURRENTLY', 4]]);
    const plain = describeTransactionUse((await parseSql('ALTER TABLE t ADD COLUMN b int;')).statements);
    expect(plain).toMatchObject({ begins: false, ends: false, controls: [], nonTransactional: [] });
  });

  it('classifies statements by the same rules PostgreSQL applies', async () => {
    for (const [sql, reason] of NON_TRANSACTIONAL) expect(await reasonOf(sql), sql).toBe(reason);
    for (const sql of TRANSACTIONAL) expect(await reasonOf(sql), sql).toBeUndefined();
    expect(await reasonOf('DO $$ BEGIN INSERT INTO t VALUES (1); COMMIT; END $$')).toBe('DO block with COMMIT or ROLLBACK');
    expect(await reasonOf("CREATE SUBSCRIPTION s CONNECTION 'dbname=x' PUBLICATION p")).toBe('CREATE SUBSCRIPTION with a replication slot');
    expect(await reasonOf("CREATE SUBSCRIPTION s CONNECTION 'dbname=x' PUBLICATION p WITH (connect = false)")).toBeUndefined();
    expect(await reasonOf('ALTER SUBSCRIPTION s REFRESH PUBLICATION')).toBe('ALTER SUBSCRIPTION … REFRESH PUBLICATION');
    expect(await reasonOf('ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)')).toBeUndefined();
  });
});

onBothDatabases('transaction-block rules against PostgreSQL', (db) => {
  const SETUP = `CREATE TABLE t (a int); CREATE INDEX t_a_idx ON t (a); CREATE TYPE mood AS ENUM ('sad');
    CREATE TABLE parted (a int) PARTITION BY RANGE (a); CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10);`;

  async function insideTransaction(sql: string): Promise<SqlExecutionError | undefined> {
    await db().exec('BEGIN');
    try {
      await db().exec(sql);
      return undefined;
    } catch (error) {
      return error as SqlExecutionError;
    } finally {
      await db().exec('ROLLBACK');
    }
  }

  it('every statement we call non-transactional fails inside BEGIN with 25001', async () => {
    await db().exec(SETUP);
    for (const [sql] of NON_TRANSACTIONAL) expect((await insideTransaction(sql))?.sqlState, sql).toBe('25001');
    // A DO block that commits fails with invalid_transaction_termination instead.
    expect((await failureOf(db(), 'BEGIN; DO $$ BEGIN COMMIT; END $$')).sqlState).toBe('2D000');
    await db().exec('ROLLBACK');
  });

  it('every look-alike we call transactional runs inside BEGIN', async () => {
    for (const sql of TRANSACTIONAL) expect((await insideTransaction(sql))?.message, sql).toBeUndefined();
  });
});
