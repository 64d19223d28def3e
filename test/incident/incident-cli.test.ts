import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIncidentReport, writeIncidentReport, type IncidentInput } from '../../src/index.js';
import { parsePrismaLogs } from '../../src/migrations/prisma/parse-prisma-logs.js';
import { prismaChecksum } from '../../src/migrations/prisma/prisma-checksum.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { fixtureProject, prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { prismaFailureLogs } from '../../src/migrations/prisma/prisma-failure-logs.js';
import { deployPrismaTarget, prismaFailed, prismaResolveRolledBack } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { adminQuery, createTestDatabase, describeServer, serverUrl, type TestDatabase } from '../support/test-database.js';

const CANARY = 'Canary3e8aIncidentPw';
const SECTIONS = ['## What broke', '## Timeline (UTC)', '## Root cause', '## Fix applied', '## How to prevent it', '## Lessons'];

const INIT = 'CREATE TABLE item (id int PRIMARY KEY, kind text, note text);\n';
// The incident's shape: a CHECK that existing rows violate (PostgreSQL gives no position for it).
const ADD_CHECK = "-- tighten the kinds\nALTER TABLE item\n  ADD CONSTRAINT item_kind_check CHECK (kind IN ('a', 'b'));\n";
// A failure with a position: the error points at line 3.
const BACKFILL = '-- backfill notes\nUPDATE item\n   SET note = nosuch\n WHERE id > 0;\n';

/** Runs a migration script as Prisma would and returns PostgreSQL's error. */
async function failureOf(url: string, script: string): Promise<pg.DatabaseError> {
  try {
    await adminQuery(url, script);
  } catch (error) {
    return error as pg.DatabaseError;
  }
  throw new Error('the migration was expected to fail');
}

const reportsIn = (root: string): string[] =>
  readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort();

describeServer('incident: docs/HOTFIX-… from a real failure', () => {
  let db: TestDatabase;
  let project: FixtureProject;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    project = prismaProject({ '20240101000000_init': INIT, '20240102000000_add_check': ADD_CHECK, '20240103000000_backfill': BACKFILL });
    const client = await connectTestDatabase(db.url);
    try {
      await deployPrismaTarget(client, { '20240101000000_init': INIT }, `INSERT INTO item VALUES (1, 'a', NULL), (2, 'c', NULL);`);
      // add_check failed, was resolved as rolled back; then backfill failed and is still failed.
      const checkError = await failureOf(db.url, ADD_CHECK);
      const first = await prismaFailed(
        client,
        '20240102000000_add_check',
        prismaChecksum(ADD_CHECK),
        prismaFailureLogs('20240102000000_add_check', ADD_CHECK, checkError),
      );
      await prismaResolveRolledBack(client, first);
      const backfillError = await failureOf(db.url, BACKFILL);
      await prismaFailed(
        client,
        '20240103000000_backfill',
        prismaChecksum(BACKFILL),
        prismaFailureLogs('20240103000000_backfill', BACKFILL, backfillError),
      );
    } finally {
      await client.close();
    }
    const withPassword = new URL(db.url);
    withPassword.password = CANARY; // trust auth: any password is accepted, and must never be written
    url = withPassword.toString();
  });
  afterAll(async () => {
    project?.remove();
    await db?.drop();
  });

  it('from the target history: the newest failed migration, its SQLSTATE, line and statement, and no password', async () => {
    const run = await runCliProcess(['incident', '--url', url], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Wrote {2}docs\/HOTFIX-\d{8}-backfill\.md/);
    expect(run.stdout).toContain('From   public._prisma_migrations on postgres@127.0.0.1:5432/');
    const [name] = reportsIn(project.root);
    const report = readFileSync(path.join(project.root, 'docs', name!), 'utf8');
    let at = -1;
    for (const section of SECTIONS) {
      expect(report.indexOf(section), section).toBeGreaterThan(at);
      at = report.indexOf(section);
    }
    expect(report).toContain('| Migration | `20240103000000_backfill` — prisma/migrations/20240103000000_backfill/migration.sql |');
    expect(report).toContain('| Failing statement | line 3 |');
    expect(report).toContain('| SQLSTATE | 42703 (undefined_column) |');
    expect(report).toContain('Error: **column "nosuch" does not exist** (SQLSTATE 42703)');
    expect(report).toContain(
      '```sql\n-- prisma/migrations/20240103000000_backfill/migration.sql, line 3\nUPDATE item\n   SET note = nosuch\n WHERE id > 0\n```',
    );
    expect(report).toContain('`public._prisma_migrations` records `20240103000000_backfill` as failed');
    expect(report).toContain('> TODO(person): what did users see');
    expect(report).toMatch(
      /^- \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ — 20240103000000_backfill started; public\._prisma_migrations records it as failed$/m,
    );
    expect(report + run.stdout + run.stderr).not.toContain(CANARY);
  });

  it('--migration picks an earlier one; a constraint violation without a position is found by the constraint name', async () => {
    const run = await runCliProcess(['incident', '--url', url, '--migration', '20240102000000_add_check', '--format', 'json'], {
      cwd: project.root,
    });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      prefilled: true,
      input: {
        migration: { id: '20240102000000_add_check' },
        sqlState: '23514',
        constraint: 'item_kind_check',
        table: 'item',
        message: 'check constraint "item_kind_check" of relation "item" is violated by some row',
        statement: { line: 2, inferred: true },
        history: { state: 'rolled-back' },
      },
    });
    const report = readFileSync(result.file, 'utf8');
    expect(path.basename(result.file)).toMatch(/^HOTFIX-\d{8}-add-check\.md$/);
    expect(report).toContain('| Failing statement | line 2 (found by the constraint name) |');
    expect(report).toContain("ALTER TABLE item\n  ADD CONSTRAINT item_kind_check CHECK (kind IN ('a', 'b'))");
    expect(report).toContain('raised by constraint `item_kind_check` on table `item`');
    expect(report + run.stdout).not.toContain(CANARY);

    const unknown = await runCliProcess(['incident', '--url', url, '--migration', '20990101000000_nope'], { cwd: project.root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--migration 20990101000000_nope: public._prisma_migrations on postgres@');
  });

  it("reads Prisma's logs of other failures: DETAIL, quoting, and a log that is only a code", async () => {
    const sql = `UPDATE item SET kind = 'a';\nCREATE UNIQUE INDEX "item ""kind"" key" ON item (kind);\n`;
    const error = await failureOf(db.url, sql);
    const logged = parsePrismaLogs(prismaFailureLogs('20240104000000_unique_kind', sql, error));
    expect(logged).toMatchObject({
      sqlState: '23505',
      message: 'could not create unique index "item "kind" key"',
      detail: 'Key (kind)=(a) is duplicated.',
      table: 'item',
      constraint: 'item "kind" key',
    });
    expect(parsePrismaLogs('Database error code: 23514')).toEqual({ sqlState: '23514' });
  });

  it('never overwrites a report: the next one gets -2', async () => {
    const before = reportsIn(project.root);
    const first = before.find((name) => name.endsWith('-backfill.md'))!;
    const original = readFileSync(path.join(project.root, 'docs', first), 'utf8');
    const run = await runCliProcess(['incident', '--url', url, '--quiet'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(`docs/${first.replace(/\.md$/, '-2.md')}`);
    expect(readFileSync(path.join(project.root, 'docs', first), 'utf8')).toBe(original);
    expect(reportsIn(project.root)).toHaveLength(before.length + 1);
  });

  it('from a saved check report (--from), without a database', async () => {
    const target = await createTestDatabase();
    const checkProject = prismaProject({ '20240101000000_init': INIT, '20240102000000_add_check': ADD_CHECK });
    // Rollbacks present, so the report's first error is the one the rows cause, not a missing rollback.
    checkProject.write('prisma/migrations/20240101000000_init/down.sql', 'DROP TABLE item;\n');
    checkProject.write('prisma/migrations/20240102000000_add_check/down.sql', 'ALTER TABLE item DROP CONSTRAINT item_kind_check;\n');
    try {
      // init applied as Prisma records it (were it only run by hand, check would rightly report its CREATE TABLE fails: 42P07).
      const seeded = await connectTestDatabase(target.url);
      try {
        await deployPrismaTarget(seeded, { '20240101000000_init': INIT }, `INSERT INTO item VALUES (1, 'a', NULL), (2, 'c', NULL);`);
      } finally {
        await seeded.close();
      }
      const withPassword = new URL(target.url);
      withPassword.password = CANARY;
      // A scratch shadow on the server: the same report, without starting an embedded PostgreSQL.
      const check = await runCliProcess(
        ['check', '--url', withPassword.toString(), '--shadow-url', serverUrl()!, '--format', 'json', '--output', 'check.json'],
        {
          cwd: checkProject.root,
        },
      );
      expect(check.code, check.stderr).toBe(1);
      const run = await runCliProcess(['incident', '--from', 'check.json'], { cwd: checkProject.root });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('From   --from check.json (check report)');
      const report = readFileSync(path.join(checkProject.root, 'docs', reportsIn(checkProject.root)[0]!), 'utf8');
      for (const section of SECTIONS) expect(report).toContain(section);
      expect(report).toContain(`| Target | postgres@127.0.0.1:5432/${target.name} |`);
      expect(report).toContain('| SQLSTATE | 23514 (check_violation) |');
      expect(report).toContain('| Rows involved | 1 |');
      expect(report).toContain(
        '`check-violated-by-rows` (prisma/migrations/20240102000000_add_check/migration.sql:2): 1 row in item violates CHECK item_kind_check',
      );
      // Findings about the other migrations of the batch are left out.
      expect(report).not.toContain('20240101000000_init/migration.sql');
      expect(report).toContain('ADD CONSTRAINT item_kind_check');
      expect(report + run.stdout + readFileSync(path.join(checkProject.root, 'check.json'), 'utf8')).not.toContain(CANARY);
    } finally {
      checkProject.remove();
      await target.drop();
    }
  });
});

describe('incident without a database', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = fixtureProject('pgpreflight-incident-');
  });
  afterAll(() => project?.remove());

  it('with nothing to go on, writes the template and says so', async () => {
    const run = await runCliProcess(['incident', '--slug', 'Checkout Outage!'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Nothing to prefill it from: the report is the template');
    const [name] = reportsIn(project.root);
    expect(name).toMatch(/^HOTFIX-\d{8}-checkout-outage\.md$/);
    const report = readFileSync(path.join(project.root, 'docs', name!), 'utf8');
    for (const section of SECTIONS) expect(report).toContain(section);
    expect(report).toContain('| SQLSTATE | _TODO(person)_ |');
  });

  it('reads what deploy records on failure (an `incident` object) and writes it in the protocol sections', async () => {
    const recorded: IncidentInput = {
      environment: 'production',
      target: 'deploy@db.example.com:5432/app',
      migration: { id: '20251104000000_physical_count', path: 'prisma/migrations/20251104000000_physical_count/migration.sql' },
      statement: {
        text: 'ALTER TABLE inventory_transactions ADD CONSTRAINT inventory_transactions_reference_type_check CHECK (…)',
        line: 17,
      },
      sqlState: '23514',
      constraint: 'inventory_transactions_reference_type_check',
      table: 'inventory_transactions',
      message: 'new row for relation "inventory_transactions" violates check constraint "inventory_transactions_reference_type_check"',
      findings: [],
      rollback: { outcome: 'rollback-succeeded', file: 'prisma/migrations/20251104000000_physical_count/down.sql' },
      backup: { file: '.pgpreflight/backups/production-20251104T101500Z.dump', bytes: 1024 },
      timeline: [
        { at: '2025-11-04T10:16:02Z', what: 'workflow "mark schedule item completed" fails after the migration' },
        { at: '2025-11-04T10:15:40Z', what: 'deploy started' },
      ],
      sources: ['deploy on production'],
      occurredAt: '2025-11-04T10:16:02Z',
    };
    project.write('deploy.json', JSON.stringify({ tool: 'pgpreflight', command: 'deploy', incident: recorded }));
    const run = await runCliProcess(['incident', '--from', 'deploy.json', '--format', 'json'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(path.basename(result.file)).toBe('HOTFIX-20251104-physical-count.md');
    const report = readFileSync(result.file, 'utf8');
    expect(report).toBe(
      renderIncidentReport({
        ...recorded,
        timeline: [...recorded.timeline].reverse(),
        sources: ['deploy on production', '--from deploy.json (deploy report)'],
      }),
    );
    expect(report).toMatch(/^# Hotfix 2025-11-04: `20251104000000_physical_count` on production$/m);
    expect(report).toContain('| Rollback | its rollback ran and the previous definitions are back (catalog compared) |');
    expect(report).toContain('| Backup before the change | `.pgpreflight/backups/production-20251104T101500Z.dump` |');
    expect(report).toContain('- 2025-11-04T10:15:40Z — deploy started\n- 2025-11-04T10:16:02Z — workflow');
    expect(report).toContain('`pgpreflight restore .pgpreflight/backups/production-20251104T101500Z.dump --url …` restores it');
  });

  it('a --from that is not a pgpreflight report is a usage error, and nothing is written', async () => {
    project.write('other.json', '{"hello": 1}');
    const before = reportsIn(project.root);
    for (const [file, message] of [
      ['missing.json', '--from missing.json: cannot read it (ENOENT)'],
      ['other.json', '--from other.json: not a pgpreflight JSON report'],
    ] as const) {
      const run = await runCliProcess(['incident', '--from', file], { cwd: project.root });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect(reportsIn(project.root)).toEqual(before);
  });

  it('the writer redacts a password that reached the facts', () => {
    const file = writeIncidentReport({
      projectRoot: project.root,
      input: { message: `could not connect to postgres://deploy:${CANARY}@db/app`, findings: [], timeline: [], sources: ['a test'] },
      slug: 'leak',
      date: new Date('2026-01-02T00:00:00Z'),
    });
    expect(path.basename(file)).toBe('HOTFIX-20260102-leak.md');
    const report = readFileSync(file, 'utf8');
    expect(report).toContain('postgres://deploy:***@db/app');
    expect(report).not.toContain(CANARY);
  });
});
