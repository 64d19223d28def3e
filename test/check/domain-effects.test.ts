import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/index.js';
import { prismaProject } from '../support/fixture-project.js';

const BASE = `CREATE DOMAIN quantity AS integer CONSTRAINT quantity_small CHECK (VALUE < 1000);
CREATE DOMAIN line_quantity AS quantity;
CREATE TABLE line (id bigint PRIMARY KEY, qty line_quantity);
CREATE TABLE booking (id bigint PRIMARY KEY, during tsrange);
`;

interface Case {
  readonly name: string;
  readonly pending: string;
  readonly effects: readonly string[];
  readonly level: 2 | 3;
  /** Text the level reason holds. */
  readonly reason: string;
  readonly described: string;
}

// Issue 15: ALTER DOMAIN was "level 1, changes no schema object"; an exclusion constraint an INTERNAL error.
const CASES: readonly Case[] = [
  {
    name: 'a domain created',
    pending: 'CREATE DOMAIN code AS varchar(8) NOT NULL;\n',
    effects: ['domain-added@1'],
    level: 2,
    reason: 'adds domain code',
    described: 'adds domain code AS character varying(8)',
  },
  {
    name: 'a CHECK added to a domain another domain and a column use',
    pending: 'ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0);\n',
    effects: ['domain-constraint-added@1'],
    level: 3,
    reason: 'adds CHECK quantity_positive to domain quantity, which scans line under a SHARE lock (line 1)',
    described: 'adds CHECK quantity_positive to domain quantity',
  },
  {
    name: 'a CHECK added NOT VALID',
    pending: 'ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0) NOT VALID;\n',
    effects: ['domain-constraint-added@1'],
    level: 3,
    reason: 'adds CHECK quantity_positive NOT VALID to domain quantity',
    described: 'adds CHECK quantity_positive to domain quantity (NOT VALID)',
  },
  {
    name: 'SET NOT NULL and a default on a domain',
    pending: 'ALTER DOMAIN quantity SET NOT NULL;\nALTER DOMAIN quantity SET DEFAULT 1;\n',
    effects: ['domain-changed@2'],
    level: 3,
    reason: 'sets NOT NULL on domain quantity, which scans line',
    described: 'changes domain quantity: SET NOT NULL, default 1',
  },
  {
    name: 'a domain CHECK dropped',
    pending: 'ALTER DOMAIN quantity DROP CONSTRAINT quantity_small;\n',
    effects: ['domain-constraint-dropped@1'],
    level: 3,
    reason: 'drops domain constraint quantity_small',
    described: 'drops CHECK quantity_small of domain quantity',
  },
  {
    name: 'an exclusion constraint with a WHERE',
    pending: 'ALTER TABLE booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (id > 0);\n',
    effects: ['constraint-added@1'],
    level: 3,
    reason: 'adds constraint booking_no_overlap to existing table booking',
    described: 'adds exclusion constraint booking_no_overlap on booking',
  },
];

describe('check without a target: domain and exclusion effects, their levels and reasons', () => {
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-domain-effects-'));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const pending = testCase.pending;
    const project = prismaProject({ '20240101000000_base': BASE, '20240201000000_change': pending });
    try {
      const result = await check({ dir: project.root, cacheDir });
      const [migration] = result.migrations;
      expect(migration!.outcome).toBe('checked');
      expect(migration!.effects.map((e) => `${e.kind}@${e.line}`)).toEqual(testCase.effects);
      expect(migration!.effects[0]!.summary).toBe(testCase.described);
      expect(migration!.level, migration!.levelReasons.join('; ')).toBe(testCase.level);
      expect(migration!.levelReasons.join('; ')).toContain(testCase.reason);
    } finally {
      project.remove();
    }
  });
});
