import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { lint } from '../../src/commands/lint.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { SqlExecutionError } from '../../src/db/sql-execution-error.js';
import { parseSql } from '../../src/sql/parse-sql.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

// The lint's transaction model against PostgreSQL itself: each file shape is linted as the file of
// a tool that sends it one way, then sent to the real server that way. The rule must raise an
// error exactly when PostgreSQL refuses the file.
type Way = 'one-script' | 'one-transaction' | 'statement-by-statement';

/** A file name (and text) that makes the linter recognise the tool that sends it that way. */
function writeFor(project: FixtureProject, way: Way, n: number, sql: string): string {
  if (way === 'one-script') return relative(project, project.write(`golang/${n}_shape.up.sql`, sql));
  if (way === 'one-transaction')
    return relative(project, project.write(`dbmate/${n}_shape.sql`, `-- migrate:up\n${sql}\n-- migrate:down\n`));
  project.write(`flyway/V${n}__shape.sql.conf`, 'executeInTransaction=false\n');
  return relative(project, project.write(`flyway/V${n}__shape.sql`, sql));
}
const relative = (project: FixtureProject, file: string) => file.slice(project.root.length + 1);

/** golang-migrate: one call; dbmate: one call inside BEGIN … COMMIT; Flyway without a transaction: one call a statement. */
async function send(db: DatabaseClient, way: Way, sql: string): Promise<string | undefined> {
  try {
    if (way === 'one-script') await db.exec(sql);
    else if (way === 'one-transaction') {
      await db.exec('BEGIN');
      await db.exec(sql);
      await db.exec('COMMIT');
    } else {
      const { statements } = await parseSql(sql, { file: 'x.sql' });
      for (const statement of statements) await db.exec(statement.text);
    }
    return undefined;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    if (error instanceof SqlExecutionError) return error.sqlState;
    throw error;
  }
}

const CONCURRENT_SHAPES = (n: number): string[] => [
  `CREATE INDEX CONCURRENTLY orders_c${n}_a ON orders (note);`,
  `SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY orders_c${n}_b ON orders (note);`,
  `ALTER TABLE orders ADD COLUMN IF NOT EXISTS c${n} text;\nCREATE INDEX CONCURRENTLY orders_c${n}_c ON orders (note);`,
  `BEGIN;\nCREATE INDEX CONCURRENTLY orders_c${n}_d ON orders (note);\nCOMMIT;`,
  `BEGIN;\nALTER TABLE orders ADD COLUMN IF NOT EXISTS d${n} text;\nCOMMIT;\nCREATE INDEX CONCURRENTLY orders_c${n}_e ON orders (note);`,
  `DROP INDEX CONCURRENTLY IF EXISTS orders_none_${n};`,
];

const ENUM_SHAPES = (n: number): string[] => [
  `ALTER TYPE order_status ADD VALUE 'a${n}';\nUPDATE orders SET status = 'a${n}' WHERE id = -1;`,
  `BEGIN;\nALTER TYPE order_status ADD VALUE 'b${n}';\nCOMMIT;\nUPDATE orders SET status = 'b${n}' WHERE id = -1;`,
  `BEGIN;\nALTER TYPE order_status ADD VALUE 'c${n}';\nUPDATE orders SET status = 'c${n}' WHERE id = -1;\nCOMMIT;`,
  `ALTER TYPE order_status ADD VALUE 'd${n}';\nSELECT 'd${n}'::order_status;`,
];

describeServer('the transaction model agrees with PostgreSQL 15', () => {
  let database: TestDatabase;
  let db: DatabaseClient;
  let project: FixtureProject;
  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_txmodel');
    db = await connectTestDatabase(database.url);
    await db.exec("CREATE TYPE order_status AS ENUM ('new'); CREATE TABLE orders (id bigint PRIMARY KEY, note text, status order_status);");
    project = fixtureProject();
  });
  afterAll(async () => {
    project?.remove();
    await db?.close();
    await database?.drop();
  });

  const lintErrors = async (file: string, rule: string): Promise<Finding[]> => {
    const result = await lint({ dir: project.root, files: [file], cwd: project.root, cacheDir: null });
    return result.findings.filter((f) => f.ruleId === rule && f.severity === 'error');
  };

  describe.each(['one-script', 'one-transaction', 'statement-by-statement'] as const)('sent %s', (way) => {
    const n = { 'one-script': 1, 'one-transaction': 2, 'statement-by-statement': 3 }[way];
    it('concurrently-in-transaction is an error exactly when PostgreSQL refuses CONCURRENTLY (25001)', async () => {
      const verdicts = [];
      for (const [i, sql] of CONCURRENT_SHAPES(n).entries()) {
        const file = writeFor(project, way, n * 100 + i, sql);
        const flagged = (await lintErrors(file, 'concurrently-in-transaction')).length > 0;
        const refused = (await send(db, way, sql)) === '25001';
        verdicts.push({ sql, flagged, refused });
      }
      expect(verdicts.filter((v) => v.flagged !== v.refused)).toEqual([]);
      // Both sides occur in every way the file can be sent, except a wrapper, which refuses every shape.
      expect(verdicts.some((v) => v.refused)).toBe(true);
      if (way !== 'one-transaction') expect(verdicts.some((v) => !v.refused)).toBe(true);
    });

    it('enum-value-used-in-transaction is an error exactly when PostgreSQL refuses the new value (55P04)', async () => {
      const verdicts = [];
      for (const [i, sql] of ENUM_SHAPES(n).entries()) {
        const file = writeFor(project, way, n * 100 + 50 + i, sql);
        const flagged = (await lintErrors(file, 'enum-value-used-in-transaction')).length > 0;
        const refused = (await send(db, way, sql)) === '55P04';
        verdicts.push({ sql, flagged, refused });
      }
      expect(verdicts.filter((v) => v.flagged !== v.refused)).toEqual([]);
      expect(verdicts.some((v) => v.refused)).toBe(true);
      expect(verdicts.some((v) => !v.refused)).toBe(true);
    });
  });
});
