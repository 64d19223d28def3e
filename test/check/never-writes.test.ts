import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { check } from '../../src/commands/check/check.js';
import { catalogObjects, readCounters, commitsBeyondSessions } from '../support/target-counters.js';
import { prismaProject, type FixtureProject } from '../support/fixture-project.js';
import { createPrismaTarget } from '../support/prisma-history.js';
import { describeServer, type TestDatabase } from '../support/test-database.js';

const INIT = `CREATE TABLE parent (id bigint PRIMARY KEY);
CREATE TABLE item (id bigint PRIMARY KEY, sku text, kind text, parent_id bigint, name varchar(100));
`;
const SEED = `INSERT INTO parent VALUES (1);
INSERT INTO item VALUES (1, 'A', 'sale', 1, 'x'), (2, 'A', 'gift', 9, 'a long name here'), (3, NULL, NULL, NULL, NULL);`;
// Every probe kind at once, each with violations, so every query path runs.
const PENDING = `ALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('sale'));
ALTER TABLE item ALTER COLUMN sku SET NOT NULL;
CREATE UNIQUE INDEX item_sku_key ON item (sku);
ALTER TABLE item ADD CONSTRAINT item_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id);
ALTER TABLE item ALTER COLUMN name TYPE varchar(5);
ALTER TABLE item ADD COLUMN owner text NOT NULL;
`;

describeServer('check never writes the target', () => {
  let database: TestDatabase;
  let project: FixtureProject;
  let cacheDir: string;

  beforeAll(async () => {
    database = await createPrismaTarget('pgpreflight_never_writes', { '20240101000000_init': INIT }, SEED);
    project = prismaProject({ '20240101000000_init': INIT, '20240201000000_change': PENDING });
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-never-writes-'));
  });
  afterAll(async () => {
    project?.remove();
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('commits no transaction, touches no row and changes no catalog object', async () => {
    const catalogBefore = await catalogObjects(database.url);
    const before = await readCounters(database.url, database.name);

    const result = await check({ dir: project.root, url: database.url, cacheDir });
    // It did probe: every kind found its rows.
    expect(new Set(result.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))).toEqual(
      new Set(['check-violated-by-rows', 'not-null-violated-by-rows', 'unique-duplicates', 'foreign-key-orphans', 'type-conversion-fails']),
    );

    const after = await readCounters(database.url, database.name);
    expect(after.tables).toEqual(before.tables);
    // PostgreSQL counts the catalog transaction that starts every session as a commit; any
    // transaction check committed beyond those would show here, however many sessions it opened.
    expect(commitsBeyondSessions(before, after)).toBe(0);
    expect(after.sessions).toBeGreaterThan(before.sessions);
    expect(await catalogObjects(database.url)).toEqual(catalogBefore);
  });
});
