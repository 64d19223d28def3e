import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINT_RULES } from '../../src/analysis/lint/lint-rules.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { fixtureProject, prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { runCliProcess } from '../support/run-cli.js';
import { createTestDatabase, describeServer, type TestDatabase } from '../support/test-database.js';

interface JsonFinding {
  ruleId: string;
  severity: string;
  line: number;
  column: number;
  file: string;
}

async function lintJson(args: string[], cwd: string): Promise<{ code: number | null; findings: JsonFinding[] }> {
  const run = await runCliProcess(['lint', ...args, '--format', 'json'], { cwd });
  expect(run.stderr).toBe('');
  return { code: run.code, findings: JSON.parse(run.stdout).findings };
}

describe('pgpreflight lint (no database)', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = fixtureProject();
  });
  afterAll(() => project.remove());

  it('text: file:line:column, severity, rule, a code frame under the statement, and the recipe', async () => {
    project.write('a.sql', "SET lock_timeout = '2s';\n\nCREATE INDEX orders_note_idx ON orders (note);\n");
    const run = await runCliProcess(['lint', 'a.sql', '--no-color'], { cwd: project.root });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('a.sql:3:1  warning  require-concurrent-index');
    expect(run.stdout).toContain(
      '    3 │ CREATE INDEX orders_note_idx ON orders (note)\n      │ ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    );
    expect(run.stdout).toContain('→ CREATE INDEX CONCURRENTLY');
  });

  it('an error-level finding exits 1; the same file from no known tool is a warning naming the assumption', async () => {
    const sql = 'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n';
    // golang-migrate's naming: its driver sends the file in one call, one implicit transaction.
    project.write('1_note.up.sql', sql);
    const known = await lintJson(['1_note.up.sql'], project.root);
    expect(known.code).toBe(1);
    expect(known.findings.find((f) => f.ruleId === 'concurrently-in-transaction')).toMatchObject({ severity: 'error', line: 2 });
    project.write('b.sql', sql);
    const { code, findings } = await lintJson(['b.sql'], project.root);
    expect(code).toBe(0);
    const finding = findings.find((f) => f.ruleId === 'concurrently-in-transaction') as (JsonFinding & { message: string }) | undefined;
    expect(finding).toMatchObject({ severity: 'warning', line: 2 });
    expect(finding?.message).toContain('assuming the file is sent as one script');
  });

  it('knows what the migration created: no lock findings on a new table', async () => {
    project.write(
      'c.sql',
      "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\nCREATE INDEX orders_note_idx ON orders (note);\nALTER TABLE orders ADD CONSTRAINT orders_note_check CHECK (note <> '');\n",
    );
    const { findings } = await lintJson(['c.sql'], project.root);
    expect(findings.map((f) => f.ruleId)).toEqual([]);
  });

  it('reads statements inside DO blocks and function bodies, at their line in the file', async () => {
    project.write('d.sql', "SET lock_timeout = '2s';\nDO $$\nBEGIN\n  CREATE INDEX orders_note_idx ON orders (note);\nEND $$;\n");
    const { findings } = await lintJson(['d.sql'], project.root);
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'require-concurrent-index', line: 4 })]);
  });

  it('suppressions need a reason and must suppress something', async () => {
    project.write(
      'e.sql',
      [
        "SET lock_timeout = '2s';",
        '-- pgpreflight-ignore require-concurrent-index: orders has 40 rows, built in a maintenance window',
        'CREATE INDEX a_idx ON orders (a);',
        '-- pgpreflight-ignore require-concurrent-index',
        'CREATE INDEX b_idx ON orders (b);',
        '-- pgpreflight-ignore drop-table: nothing to drop here',
        'CREATE INDEX CONCURRENTLY c_idx ON orders (c);',
        '',
      ].join('\n'),
    );
    const { findings } = await lintJson(['e.sql'], project.root);
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual(
      expect.arrayContaining([
        ['suppression-without-reason', 4],
        ['unused-suppression', 6],
        ['concurrently-in-transaction', 7],
      ]),
    );
    expect(findings.filter((f) => f.ruleId === 'require-concurrent-index')).toEqual([]);
  });

  it('config rules: off, or a different severity', async () => {
    project.write('f.sql', 'ALTER TABLE orders ADD COLUMN note text;\n');
    project.write('pgpreflight.config.json', JSON.stringify({ rules: { 'require-lock-timeout': 'error' } }));
    expect((await lintJson(['f.sql'], project.root)).code).toBe(1);
    project.write('pgpreflight.config.json', JSON.stringify({ rules: { 'require-lock-timeout': 'off' } }));
    const off = await lintJson(['f.sql'], project.root);
    expect(off.code).toBe(0);
    expect(off.findings).toEqual([]);
    project.write('pgpreflight.config.json', '{}');
  });

  it('malformed SQL is a syntax-error finding with line and column', async () => {
    project.write('g.sql', 'ALTER TABLE orders\n  ADD COLUM note text;\n');
    const { code, findings } = await lintJson(['g.sql'], project.root);
    expect(code).toBe(1);
    expect(findings[0]).toMatchObject({ ruleId: 'syntax-error', line: 2, file: 'g.sql' });
  });

  it('a pending batch: a table an earlier pending migration creates is new for the next', async () => {
    const prisma = prismaProject({
      '20240101000000_a': 'CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n',
      '20240201000000_b': 'CREATE INDEX orders_note_idx ON orders (note);\n',
    });
    try {
      const pending = await lintJson(['--latest', '2'], prisma.root);
      expect(pending.findings.map((f) => f.ruleId)).toEqual([]);
      // Linted one by one (the whole history, no database), orders may already hold rows.
      const all = await lintJson([], prisma.root);
      expect(all.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['require-concurrent-index']));
    } finally {
      prisma.remove();
    }
  });

  it.each([
    [['lint', 'missing.sql'], 'missing.sql: no such file'],
    [['lint', '--latest', 'x'], '--latest x'],
    [['explain', 'set-not-nul'], 'did you mean set-not-null?'],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const run = await runCliProcess(args, { cwd: project.root });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rules lists the catalog; explain prints a rule from its metadata', async () => {
    const rules = JSON.parse((await runCliProcess(['rules', '--format', 'json'])).stdout);
    expect(rules.rules.map((r: { id: string }) => r.id)).toEqual(LINT_RULES.map((r) => r.id));
    const explain = await runCliProcess(['explain', 'set-not-null']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('# set-not-null');
    expect(explain.stdout).toContain('## Flagged');
    // Every finding rule is explained from the registry, with why its default severity is what it is.
    const finding = await runCliProcess(['explain', 'rollback-missing']);
    expect(finding.code).toBe(0);
    expect(finding.stdout).toContain('default severity: warning');
    expect(finding.stdout).toContain('pgpreflight rollback generate <migration>');
  });
});

describeServer('pgpreflight lint with a target: pending from history, severity from table size', () => {
  let database: TestDatabase;
  let project: FixtureProject;
  const INIT = 'CREATE TABLE small (id bigint PRIMARY KEY, note text);\nCREATE TABLE big (id bigint PRIMARY KEY, note text);\n';

  beforeAll(async () => {
    database = await createTestDatabase('pgpreflight_lint');
    project = prismaProject({
      '20240101000000_init': INIT,
      '20240201000000_indexes':
        "SET lock_timeout = '2s';\nCREATE INDEX small_note_idx ON small (note);\nCREATE INDEX big_note_idx ON big (note);\n",
    });
    project.write('pgpreflight.config.json', JSON.stringify({ lint: { smallTableRows: 100, largeTableRows: 1000 } }));
    const db = await connectTestDatabase(database.url);
    try {
      await deployPrismaTarget(
        db,
        { '20240101000000_init': INIT },
        'INSERT INTO small SELECT g FROM generate_series(1, 50) g; INSERT INTO big SELECT g FROM generate_series(1, 5000) g; ANALYZE small; ANALYZE big;',
      );
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it('a 50-row table is info, a table over largeTableRows an error', async () => {
    const { code, findings } = await lintJson(['--url', database.url], project.root);
    expect(code).toBe(1);
    const severities = Object.fromEntries(findings.filter((f) => f.ruleId === 'require-concurrent-index').map((f) => [f.line, f.severity]));
    expect(severities).toEqual({ 2: 'info', 3: 'error' });
  });
});

describe('column-type-change knows the old type when a catalog is at hand', () => {
  it('check: widening varchar is silent, narrowing numeric scale is flagged with both types', async () => {
    const project = prismaProject({
      '20240101000000_init': 'CREATE TABLE item (id bigint PRIMARY KEY, name varchar(20), price numeric(10,2));\n',
      '20240201000000_types':
        "SET lock_timeout = '2s';\nALTER TABLE item ALTER COLUMN name TYPE varchar(40);\nALTER TABLE item ALTER COLUMN price TYPE numeric(10,0);\n",
    });
    try {
      const run = await runCliProcess(['check', '--format', 'json'], { cwd: project.root });
      const json = JSON.parse(run.stdout);
      const changes = json.findings.filter((f: JsonFinding) => f.ruleId === 'column-type-change');
      expect(changes.map((f: JsonFinding & { message: string }) => [f.line, f.message])).toEqual([
        [
          3,
          'changes item.price from numeric(10,2) to numeric(10,0): the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock',
        ],
      ]);
    } finally {
      project.remove();
    }
  });
});
