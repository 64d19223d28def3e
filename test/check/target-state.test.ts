import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { check } from '../../src/commands/check/check.js';
import type { Finding, Severity } from '../../src/core/finding.js';
import type { DatabaseClient } from '../../src/db/database-client.js';
import { SqlExecutionError } from '../../src/db/sql-execution-error.js';
import type { CheckResult } from '../../src/report/check-result.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { createTestDatabase, describeServer, serverUrl, type TestDatabase } from '../support/test-database.js';

/**
 * Issue 15 item 4: statements whose outcome depends on the target's own state. Every scenario is
 * one pending migration of one project; `history` is what the applied migration built, `drift` is
 * what happened on the target outside the history (a failed concurrent build, a hand-made table),
 * so the shadow — built from the history — passes them all. Then each migration runs for real on
 * the target, with `act` (the application's next write), and must fail or succeed as predicted.
 */
interface TargetScenario {
  readonly name: string;
  readonly history: string;
  readonly drift: string;
  /** SQLSTATEs the drift statements fail with (a failed concurrent build). */
  readonly driftFails?: readonly string[];
  /** One statement a line (CREATE INDEX CONCURRENTLY must run alone). */
  readonly pending: string;
  readonly act?: string;
  /** The finding `check` must report; undefined for a clean twin (no target-* finding at all). */
  readonly expect?: { readonly rule: string; readonly severity: Severity; readonly message: string };
  /** The SQLSTATE the migration (or `act` after it) fails with on the target; undefined when it succeeds. */
  readonly sqlState?: string;
  /** A query after the migration and `act`, with the one value it must return. */
  readonly after?: { readonly sql: string; readonly value: unknown };
}

const invalidIndex = (t: string): string => `CREATE TABLE ${t} (id bigint PRIMARY KEY, email text);`;
// The build fails on duplicate rows and leaves an INVALID index; the duplicates are cleaned up later.
const failedBuild = (t: string): string => `INSERT INTO ${t} VALUES (1, 'a@x'), (2, 'a@x'), (3, 'b@x');
CREATE UNIQUE INDEX CONCURRENTLY ${t}_email ON ${t} (email);
DELETE FROM ${t} WHERE id = 2;`;

const SCENARIOS: readonly TargetScenario[] = [
  {
    name: 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS over an INVALID index of that name',
    history: invalidIndex('acct'),
    drift: failedBuild('acct'),
    driftFails: ['23505'],
    pending: 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS acct_email ON acct (email);',
    act: "INSERT INTO acct VALUES (10, 'c@x') ON CONFLICT (email) DO NOTHING;",
    expect: { rule: 'target-index-invalid', severity: 'error', message: 'INVALID index acct_email' },
    sqlState: '42P10',
  },
  {
    // In one transaction, so without CONCURRENTLY (a file of one statement each would do it concurrently).
    name: 'twin: the invalid index dropped first, then built again',
    history: invalidIndex('acct2'),
    drift: failedBuild('acct2'),
    driftFails: ['23505'],
    pending: `DROP INDEX IF EXISTS acct2_email;
CREATE UNIQUE INDEX IF NOT EXISTS acct2_email ON acct2 (email);`,
    act: "INSERT INTO acct2 VALUES (10, 'c@x') ON CONFLICT (email) DO NOTHING;",
  },
  {
    name: 'a UNIQUE index IF NOT EXISTS where the target has a plain index of that name on other columns',
    history: 'CREATE TABLE member (id bigint PRIMARY KEY, email text, tenant int);',
    drift: 'CREATE INDEX member_email ON member (email);',
    pending: 'CREATE UNIQUE INDEX IF NOT EXISTS member_email ON member (email, tenant);',
    act: "INSERT INTO member VALUES (1, 'a@x', 1) ON CONFLICT (email, tenant) DO NOTHING;",
    expect: { rule: 'target-index-differs', severity: 'error', message: 'other keys (email) instead of (email, tenant)' },
    sqlState: '42P10',
  },
  {
    name: 'a plain index IF NOT EXISTS where the target has one of that name on other columns',
    history: 'CREATE TABLE visit (id bigint PRIMARY KEY, page text, at timestamptz);',
    drift: 'CREATE INDEX visit_page ON visit (page);',
    pending: 'CREATE INDEX IF NOT EXISTS visit_page ON visit (page, at);',
    expect: { rule: 'target-index-differs', severity: 'warning', message: 'other keys (page) instead of (page, at)' },
  },
  {
    name: 'twin: the target already has the same unique index',
    history: 'CREATE TABLE member2 (id bigint PRIMARY KEY, email text, tenant int);',
    drift: 'CREATE UNIQUE INDEX member2_email ON member2 (email, tenant);',
    pending: 'CREATE UNIQUE INDEX IF NOT EXISTS member2_email ON member2 (email, tenant);',
    act: "INSERT INTO member2 VALUES (1, 'a@x', 1) ON CONFLICT (email, tenant) DO NOTHING;",
  },
  {
    name: 'CREATE INDEX without IF NOT EXISTS where the target has a hand-made index of that name',
    history: 'CREATE TABLE member3 (id bigint PRIMARY KEY, email text);',
    drift: 'CREATE INDEX member3_email ON member3 (email);',
    pending: 'CREATE INDEX member3_email ON member3 (email);',
    expect: { rule: 'target-name-taken', severity: 'error', message: 'relation "member3_email" already exists (SQLSTATE 42P07)' },
    sqlState: '42P07',
  },
  {
    name: 'CREATE TABLE IF NOT EXISTS over a hand-made table without a column the next statement uses',
    history: 'CREATE TABLE account (id bigint PRIMARY KEY);',
    drift: 'CREATE TABLE audit_log (id bigint PRIMARY KEY, message varchar(50));',
    pending: `CREATE TABLE IF NOT EXISTS audit_log (id bigint PRIMARY KEY, message text, actor text NOT NULL DEFAULT 'system');
CREATE INDEX audit_log_actor ON audit_log (actor);`,
    expect: { rule: 'target-table-differs', severity: 'error', message: 'no column actor' },
    sqlState: '42703',
  },
  {
    name: 'CREATE TABLE IF NOT EXISTS over a table with another column type, nothing using it',
    history: 'CREATE TABLE account2 (id bigint PRIMARY KEY);',
    drift: 'CREATE TABLE event_log (id bigint PRIMARY KEY, message varchar(50));',
    pending: 'CREATE TABLE IF NOT EXISTS event_log (id bigint PRIMARY KEY, message text);',
    expect: { rule: 'target-table-differs', severity: 'warning', message: 'message: type character varying(50) instead of text' },
  },
  {
    name: 'twin: CREATE TABLE IF NOT EXISTS over the same table',
    history: 'CREATE TABLE account3 (id bigint PRIMARY KEY);',
    drift: 'CREATE TABLE note_log (id bigint PRIMARY KEY, message text);',
    pending: `CREATE TABLE IF NOT EXISTS note_log (id bigint PRIMARY KEY, message text);
CREATE INDEX note_log_message ON note_log (message);`,
  },
  {
    name: "twin: an idempotent CREATE TABLE IF NOT EXISTS after the migration's own ALTER TABLE",
    history: 'CREATE TABLE ledger (id bigint PRIMARY KEY);',
    drift: '',
    pending: `ALTER TABLE ledger ADD COLUMN memo text;
CREATE TABLE IF NOT EXISTS ledger (id bigint PRIMARY KEY, memo text);`,
  },
  {
    name: 'ADD COLUMN IF NOT EXISTS where the target has the column with another type and no NOT NULL',
    history: 'CREATE TABLE profile (id bigint PRIMARY KEY);',
    drift: 'ALTER TABLE profile ADD COLUMN nickname varchar(20);',
    pending: "ALTER TABLE profile ADD COLUMN IF NOT EXISTS nickname text NOT NULL DEFAULT '';",
    // The column stays as the target has it: NULL still goes in.
    act: 'INSERT INTO profile (id, nickname) VALUES (1, NULL);',
    expect: { rule: 'target-column-differs', severity: 'warning', message: 'type character varying(20) instead of text' },
    after: { sql: 'SELECT nickname IS NULL FROM profile WHERE id = 1', value: true },
  },
  {
    name: 'CREATE OR REPLACE VIEW that renames a column the target view has',
    history: `CREATE TABLE orders (id bigint PRIMARY KEY, total numeric, status text, customer text);
CREATE VIEW order_view AS SELECT id, total FROM orders;`,
    drift: 'CREATE OR REPLACE VIEW order_view AS SELECT id, total, status FROM orders;',
    pending: 'CREATE OR REPLACE VIEW order_view AS SELECT id, total, customer FROM orders;',
    expect: { rule: 'target-view-replace-fails', severity: 'error', message: 'cannot change name of view column "status" to "customer"' },
    sqlState: '42P16',
  },
  {
    name: 'twin: CREATE OR REPLACE VIEW that keeps the target view columns and adds one at the end',
    history: `CREATE TABLE orders2 (id bigint PRIMARY KEY, total numeric, status text, customer text);
CREATE VIEW order_view2 AS SELECT id, total FROM orders2;`,
    drift: 'CREATE OR REPLACE VIEW order_view2 AS SELECT id, total, status FROM orders2;',
    pending: 'CREATE OR REPLACE VIEW order_view2 AS SELECT id, total, status, customer FROM orders2;',
  },
  {
    name: 'CREATE OR REPLACE FUNCTION with another return type than the target has',
    history: "CREATE FUNCTION order_total(p_id bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 1::numeric';",
    drift:
      "DROP FUNCTION order_total(bigint);\nCREATE FUNCTION order_total(p_id bigint) RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint';",
    pending: "CREATE OR REPLACE FUNCTION order_total(p_id bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 2::numeric';",
    expect: {
      rule: 'target-function-replace-fails',
      severity: 'error',
      message: 'cannot change return type of existing function (bigint to numeric)',
    },
    sqlState: '42P13',
  },
  {
    name: 'CREATE OR REPLACE FUNCTION whose OUT parameters differ from the target',
    history: "CREATE FUNCTION order_stats(OUT n int, OUT total int) LANGUAGE sql AS 'SELECT 1, 2';",
    drift: "DROP FUNCTION order_stats();\nCREATE FUNCTION order_stats(OUT n int, OUT amount int) LANGUAGE sql AS 'SELECT 1, 2';",
    pending: "CREATE OR REPLACE FUNCTION order_stats(OUT n int, OUT total int) LANGUAGE sql AS 'SELECT 3, 4';",
    expect: { rule: 'target-function-replace-fails', severity: 'error', message: 'the row defined by OUT parameters is different' },
    sqlState: '42P13',
  },
  {
    name: 'twin: CREATE OR REPLACE FUNCTION of the function the target has, a new body',
    history: "CREATE FUNCTION order_total2(p_id bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 1::numeric';",
    drift: '',
    pending: "CREATE OR REPLACE FUNCTION order_total2(p_id bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 2::numeric';",
  },
  {
    name: 'DROP TABLE IF EXISTS of a table the history creates and the target lost',
    history: 'CREATE TABLE legacy_cache (k text PRIMARY KEY);',
    drift: 'DROP TABLE legacy_cache;',
    pending: 'DROP TABLE IF EXISTS legacy_cache;',
    expect: { rule: 'target-drop-missing', severity: 'info', message: 'the target has no table legacy_cache' },
  },
  {
    name: 'twin: DROP TABLE IF EXISTS of a table the target has',
    history: 'CREATE TABLE legacy_cache2 (k text PRIMARY KEY);',
    drift: '',
    pending: 'DROP TABLE IF EXISTS legacy_cache2;',
  },
  {
    name: 'seed rows ON CONFLICT DO NOTHING whose key the target holds with another price',
    history: 'CREATE TABLE plan (code text PRIMARY KEY, name text, price_cents int, starts date);',
    drift: "INSERT INTO plan VALUES ('pro', 'Pro', 900, '2024-01-01');",
    pending:
      "INSERT INTO plan (code, name, price_cents, starts) VALUES ('free', 'Free', 0, now()), ('pro', 'Pro', 1200, '2024-1-1') ON CONFLICT (code) DO NOTHING;",
    expect: {
      rule: 'target-seed-rows-differ',
      severity: 'warning',
      message: "code = pro: price_cents is '900' there, '1200' in the migration",
    },
    after: { sql: "SELECT price_cents FROM plan WHERE code = 'pro'", value: 900 },
  },
  {
    name: 'twin: seed rows ON CONFLICT DO NOTHING the target already holds with the same values',
    history: 'CREATE TABLE plan2 (code text PRIMARY KEY, name text, price_cents int, starts date);',
    drift: "INSERT INTO plan2 VALUES ('pro', 'Pro', 1200, '2024-01-01');",
    // Another spelling of the same date, read by the column's type.
    pending: "INSERT INTO plan2 VALUES ('free', 'Free', 0, NULL), ('pro', 'Pro', 1200, '2024-1-1') ON CONFLICT DO NOTHING;",
  },
  {
    name: 'explicit ids ahead of the serial sequence the application inserts with',
    history: 'CREATE TABLE country (id serial PRIMARY KEY, name text);',
    drift: "INSERT INTO country (name) VALUES ('Aland'), ('Belgium');",
    pending: "INSERT INTO country (id, name) VALUES (3, 'Chile'), (4, 'Denmark');",
    act: "INSERT INTO country (name) VALUES ('Estonia');",
    expect: { rule: 'target-ids-ahead-of-sequence', severity: 'error', message: 'country_id_seq that fills it hands out 3 next' },
    sqlState: '23505',
  },
  {
    name: 'explicit ids into an identity table the migration creates',
    history: 'CREATE TABLE account4 (id bigint PRIMARY KEY);',
    drift: '',
    pending: `CREATE TABLE app_role (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text);
INSERT INTO app_role (id, name) VALUES (1, 'admin'), (2, 'member');`,
    act: "INSERT INTO app_role (name) VALUES ('guest');",
    expect: { rule: 'target-ids-ahead-of-sequence', severity: 'error', message: 'the new sequence app_role_id_seq' },
    sqlState: '23505',
  },
  {
    name: 'twin: explicit ids, then the sequence moved past them',
    history: 'CREATE TABLE country2 (id serial PRIMARY KEY, name text);',
    drift: "INSERT INTO country2 (name) VALUES ('Aland'), ('Belgium');",
    pending: `INSERT INTO country2 (id, name) VALUES (3, 'Chile'), (4, 'Denmark');
SELECT setval('country2_id_seq', (SELECT max(id) FROM country2));`,
    act: "INSERT INTO country2 (name) VALUES ('Estonia');",
  },
];

const IRREVERSIBLE = '-- pgpreflight: irreversible the scenario is about the target state, not the rollback\n';
const INIT = '20240101000000_init';
const idOf = (i: number): string => `202402010000${String(i).padStart(2, '0')}_s${i}`;

/** Runs one statement a line, outside a transaction block (as CONCURRENTLY needs); the SQLSTATE of the first that fails. */
async function runForReal(db: DatabaseClient, sql: string): Promise<string | undefined> {
  for (const statement of sql.split(/;\n/).filter((s) => s.trim() !== '')) {
    try {
      await db.query(statement);
    } catch (error) {
      if (error instanceof SqlExecutionError) return error.sqlState;
      throw error;
    }
  }
  return undefined;
}

/** Every statement of the drift, each alone, going on past a failure; the SQLSTATEs of those that failed. */
async function runDrift(db: DatabaseClient, sql: string): Promise<string[]> {
  const failed: string[] = [];
  for (const statement of sql.split(/;\n/).filter((s) => s.trim() !== '')) {
    const sqlState = await runForReal(db, statement);
    if (sqlState) failed.push(sqlState);
  }
  return failed;
}

describeServer("check judges each statement against the target's state (PostgreSQL server)", () => {
  let database: TestDatabase;
  let db: DatabaseClient;
  let project: FixtureProject;
  let cacheDir: string;
  let result: CheckResult;

  beforeAll(async () => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-target-state-'));
    const init = SCENARIOS.map((s) => s.history).join('\n');
    const migrations: Record<string, string> = { [INIT]: `${init}\n` };
    SCENARIOS.forEach((s, i) => (migrations[idOf(i)] = `${s.pending}\n${IRREVERSIBLE}`));
    project = prismaProject(migrations);
    database = await createTestDatabase('pgpreflight_target_state');
    db = await connectTestDatabase(database.url);
    await deployPrismaTarget(db, { [INIT]: `${init}\n` });
    for (const s of SCENARIOS) expect(await runDrift(db, s.drift), s.name).toEqual(s.driftFails ?? []);
    result = await check({ dir: project.root, url: database.url, cacheDir, shadowUrl: serverUrl()! });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    project?.remove();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  });

  it.each(SCENARIOS.map((s, i) => [s.name, s, i] as const))('%s', async (_name, scenario, i) => {
    const id = idOf(i);
    const checked = result.migrations.find((m) => m.id === id);
    expect(checked?.outcome).toBe('checked');
    const own = result.findings.filter((f: Finding) => f.migration === id);
    const targetState = own.filter((f) => f.ruleId.startsWith('target-'));
    if (scenario.expect) {
      expect(targetState, JSON.stringify(own, null, 2)).toHaveLength(1);
      const [finding] = targetState;
      expect(finding!.ruleId).toBe(scenario.expect.rule);
      expect(finding!.severity).toBe(scenario.expect.severity);
      expect(finding!.message).toContain(scenario.expect.message);
      expect(finding!.line).toBeGreaterThan(0);
      expect(finding!.evidence?.statement).toBeTruthy();
    } else {
      expect(targetState, JSON.stringify(targetState, null, 2)).toEqual([]);
    }
    if (!scenario.expect || scenario.expect.severity !== 'error') {
      expect(own.filter((f) => f.severity === 'error')).toEqual([]);
    }
    // Only now on the target for real: it fails (or the application's next write does) as predicted.
    let sqlState = await runForReal(db, scenario.pending);
    if (sqlState === undefined && scenario.act) sqlState = await runForReal(db, scenario.act);
    expect(sqlState).toBe(scenario.sqlState);
    if (scenario.after) expect(Object.values((await db.query(scenario.after.sql)).rows[0]!)[0]).toBe(scenario.after.value);
  });

  it('reads the target only: the target-state phase is timed and nothing else failed', () => {
    expect(result.timings['target-state']).toBeGreaterThanOrEqual(0);
    expect(result.findings.filter((f) => f.ruleId === 'migration-fails-on-shadow' || f.ruleId === 'target-state-skipped')).toEqual([]);
  });
});
