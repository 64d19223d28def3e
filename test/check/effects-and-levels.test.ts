import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintRule } from '../../src/analysis/lint/lint-rules.js';
import { check } from '../../src/index.js';
import { prismaProject } from '../support/fixture-project.js';
import { PRISMA_ENUM_REWRITE } from './scenarios.js';

const BASE = `CREATE TYPE "Status" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');
CREATE TABLE item (id bigint PRIMARY KEY, sku text, kind text CONSTRAINT item_kind_check CHECK (kind IN ('sale', 'gift')), name varchar(100));
CREATE TABLE "Order" (id bigint PRIMARY KEY, status "Status" NOT NULL DEFAULT 'DRAFT', item_id bigint);
`;

interface Case {
  readonly name: string;
  readonly pending: string;
  /** Effects as `kind@line`, in the order check reports them. */
  readonly effects: readonly string[];
  readonly level: 1 | 2 | 3;
  readonly findings?: readonly string[];
}

// Effects come from the catalog diff, so each way of writing a change is seen, with the statement behind it.
const CASES: readonly Case[] = [
  { name: 'comments only', pending: '-- nothing yet\nCOMMENT ON TABLE item IS NULL;\n', effects: [], level: 1 },
  {
    name: 'a new function',
    pending: 'CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n',
    effects: ['function-added@1'],
    level: 1,
  },
  { name: 'a nullable column', pending: '\nALTER TABLE item ADD COLUMN note text;\n', effects: ['column-added@2'], level: 2 },
  {
    name: 'an index built concurrently',
    pending: 'CREATE INDEX CONCURRENTLY item_sku_idx ON item (sku);\n',
    effects: ['index-added@1'],
    level: 2,
  },
  {
    name: 'an index that locks the table (size unknown without a target)',
    pending: 'CREATE INDEX item_sku_idx ON item (sku);\n',
    effects: ['index-added@1'],
    level: 3,
  },
  { name: 'a column renamed', pending: 'ALTER TABLE item RENAME COLUMN sku TO code;\n', effects: ['column-renamed@1'], level: 3 },
  { name: 'a table dropped', pending: 'DROP TABLE "Order";\n', effects: ['table-dropped@1'], level: 3 },
  {
    // umami's 06_session_data: the DROP shifts every position after it, and the rename must still read as one.
    name: 'a NOT NULL column renamed beside a DROP COLUMN in the same migration',
    pending: 'ALTER TABLE "Order" DROP COLUMN item_id;\nALTER TABLE "Order" RENAME COLUMN status TO state;\n',
    effects: ['column-dropped@1', 'column-renamed@2'],
    level: 3,
  },
  {
    name: 'twin: the column really dropped and another added under the new name',
    pending:
      'ALTER TABLE "Order" DROP COLUMN item_id;\nALTER TABLE "Order" DROP COLUMN status;\nALTER TABLE "Order" ADD COLUMN state text;\n',
    effects: ['column-dropped@1', 'column-dropped@2', 'column-added@3'],
    level: 3,
  },
  {
    name: 'a column narrowed and made NOT NULL',
    pending: 'ALTER TABLE item ALTER COLUMN name TYPE varchar(10);\nALTER TABLE item ALTER COLUMN name SET NOT NULL;\n',
    // One effect for both changes, reported where the first that can fail is made: the narrowing.
    effects: ['column-changed@1'],
    level: 3,
  },
  {
    name: 'a CHECK replaced by drop and add: the values it drops',
    pending:
      "ALTER TABLE item DROP CONSTRAINT item_kind_check;\nALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('sale', 'return'));\n",
    effects: ['constraint-replaced@2'],
    level: 3,
    findings: ['check-values-removed'],
  },
  {
    name: 'a second CHECK on a column that has one',
    pending: "ALTER TABLE item ADD CONSTRAINT item_kind_sale CHECK (kind = 'sale');\n",
    effects: ['constraint-added@1'],
    level: 3,
    findings: ['check-values-removed'],
  },
  {
    name: 'a constraint added inside a DO block',
    pending: "DO $$ BEGIN\n  EXECUTE 'ALTER TABLE item ADD CONSTRAINT item_sku_check CHECK (sku <> '''')';\nEND $$;\n",
    effects: ['constraint-added@1~'],
    level: 3,
  },
  {
    name: "Prisma's enum rewrite removing a value",
    pending: PRISMA_ENUM_REWRITE,
    effects: ['enum-values-removed@3'],
    level: 3,
  },
  {
    name: 'an enum value renamed',
    pending: `ALTER TYPE "Status" RENAME VALUE 'ARCHIVED' TO 'CLOSED';\n`,
    effects: ['enum-value-renamed@1'],
    level: 3,
  },
  { name: 'an enum value added', pending: `ALTER TYPE "Status" ADD VALUE 'PAUSED';\n`, effects: ['enum-values-added@1'], level: 2 },
  {
    name: 'a foreign key added',
    pending: 'ALTER TABLE "Order" ADD CONSTRAINT order_item_fkey FOREIGN KEY (item_id) REFERENCES item (id) NOT VALID;\n',
    effects: ['constraint-added@1'],
    level: 3,
  },
];

describe('check without a target: effects, their lines, and the safety level', () => {
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-effects-cache-'));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const pending = testCase.pending;
    const project = prismaProject({ '20240101000000_base': BASE, '20240201000000_change': pending });
    try {
      const result = await check({ dir: project.root, cacheDir });
      expect(result.probes.ran).toBe(false);
      const [migration] = result.migrations;
      expect(migration!.outcome).toBe('checked');
      expect(migration!.effects.map((e) => `${e.kind}@${e.line}${e.inferred ? '~' : ''}`)).toEqual(testCase.effects);
      expect(migration!.level, migration!.levelReasons.join('; ')).toBe(testCase.level);
      expect(migration!.levelReasons.length).toBeGreaterThan(0);
      // Lint rules run in check too (test/lint); here, the findings of the catalog analysis.
      const catalogFindings = result.findings.filter((f) => !lintRule(f.ruleId) && f.ruleId !== 'rollback-missing');
      expect(catalogFindings.map((f) => f.ruleId)).toEqual(testCase.findings ?? []);
    } finally {
      project.remove();
    }
  });
});

describe('check without a target: what a drop takes with it', () => {
  const base = `CREATE TABLE item (id bigint PRIMARY KEY, sku text, price int);
CREATE VIEW item_prices AS SELECT id, price FROM item;
CREATE TABLE stock (id bigint PRIMARY KEY, item_id bigint REFERENCES item (id));
`;

  it('a drop a view depends on fails with 2BP01, as PostgreSQL refuses it', async () => {
    const project = prismaProject({ '20240101000000_base': base, '20240201000000_drop': 'ALTER TABLE item DROP COLUMN price;\n' });
    try {
      const result = await check({ dir: project.root });
      expect(result.migrations[0]!.outcome).toBe('fails-on-shadow');
      expect(result.findings[0]).toMatchObject({ ruleId: 'migration-fails-on-shadow', severity: 'error', line: 1 });
      expect(result.findings[0]!.evidence?.sqlState).toBe('2BP01');
    } finally {
      project.remove();
    }
  });

  it('with CASCADE, the objects dropped without being named are listed', async () => {
    const project = prismaProject({ '20240101000000_base': base, '20240201000000_drop': '-- retire items\nDROP TABLE item CASCADE;\n' });
    try {
      const result = await check({ dir: project.root });
      const cascade = result.findings.filter((f) => f.ruleId === 'cascade-drops-objects');
      expect(cascade).toHaveLength(1);
      // A decision, not a failure: the migration runs, the objects go.
      expect(cascade[0]).toMatchObject({ severity: 'warning', line: 2 });
      expect(cascade[0]!.evidence?.objects).toEqual(['constraint stock_item_id_fkey on stock', 'view item_prices']);
    } finally {
      project.remove();
    }
  });
});

describe('check without a target: every level-2 or 3 migration needs a rollback', () => {
  it('is an error where none is found, as in rehearse; a down.sql or a declared irreversible migration passes, level 1 needs none', async () => {
    const project = prismaProject({
      '20240101000000_base': BASE,
      '20240201000000_comment': 'COMMENT ON TABLE item IS NULL;\n',
      '20240301000000_column': 'ALTER TABLE item ADD COLUMN note text;\n',
      '20240401000000_rename': 'ALTER TABLE item RENAME COLUMN sku TO code;\n',
      '20240501000000_backfill':
        '-- pgpreflight: irreversible the backfill overwrites the old values\nUPDATE item SET kind = NULL;\nALTER TABLE item DROP COLUMN name;\n',
    });
    project.write('prisma/migrations/20240401000000_rename/down.sql', 'ALTER TABLE item RENAME COLUMN code TO sku;\n');
    try {
      const result = await check({ dir: project.root, latest: 4 });
      expect(result.migrations.map((m) => [m.level, m.rollback])).toEqual([
        [1, { outcome: 'missing', expected: 'prisma/migrations/20240201000000_comment/down.sql' }],
        [2, { outcome: 'missing', expected: 'prisma/migrations/20240301000000_column/down.sql' }],
        [3, { outcome: 'present', rollback: 'prisma/migrations/20240401000000_rename/down.sql' }],
        [3, { outcome: 'irreversible', reason: 'the backfill overwrites the old values' }],
      ]);
      const missing = {
        migration: '20240301000000_column',
        file: 'prisma/migrations/20240301000000_column/migration.sql',
        message: 'a level-2 migration without a rollback (expected at prisma/migrations/20240301000000_column/down.sql)',
        help: expect.stringContaining('pgpreflight rollback generate 20240301000000_column'),
        evidence: { expected: 'prisma/migrations/20240301000000_column/down.sql', level: 2 },
      };
      // A decision by default: nothing fails for want of a rollback, so check passes.
      expect(result.findings.filter((f) => f.ruleId === 'rollback-missing')).toEqual([
        expect.objectContaining({ ...missing, severity: 'warning' }),
      ]);
      expect(result.summary.errors).toBe(0);
      // A project that adopted the protocol (policy.rollbacks 'required' folds into these rules) gets an error.
      const required = await check({ dir: project.root, latest: 4, severities: { 'rollback-missing': 'error' } });
      expect(required.findings.filter((f) => f.ruleId === 'rollback-missing')).toEqual([
        expect.objectContaining({ ...missing, severity: 'error' }),
      ]);
      expect(required.summary.errors).toBe(1);
    } finally {
      project.remove();
    }
  });
});
