import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../src/commands/check/check.js';
import { connectTestDatabase } from '../support/both-databases.js';
import { prismaProject } from '../support/fixture-project.js';
import { deployPrismaTarget } from '../support/prisma-history.js';
import { createTestDatabase, describeServer, serverUrl } from '../support/test-database.js';
import { scenarioSuite } from './scenario-suite.js';
import type { Scenario } from './scenarios.js';

// Issue 15 item 3: primary keys, VALIDATE CONSTRAINT, partition bounds and partitioned tables,
// each a breaking case and its clean twin, run for real afterwards.
const ACCOUNTS = 'CREATE TABLE account (tenant int, email text, name text);\n';
const KEYED_ACCOUNTS = `${ACCOUNTS}CREATE UNIQUE INDEX account_tenant_email_key ON account (tenant, email);\n`;
const ITEMS =
  'CREATE TABLE item (id bigint PRIMARY KEY, sku text, qty int);\nCREATE TABLE stock (id bigint PRIMARY KEY, item_id bigint);\n';
const QTY_CHECK = 'ALTER TABLE item ADD CONSTRAINT item_qty_check CHECK (qty >= 0) NOT VALID;\n';
const STOCK_FK = 'ALTER TABLE stock ADD CONSTRAINT stock_item_id_fkey FOREIGN KEY (item_id) REFERENCES item (id) NOT VALID;\n';
// Rows a NOT VALID constraint never checked predate it: the seed drops it, loads them, adds it back as init did.
const predating = (drop: string, rows: string, readd: string): string => `ALTER TABLE ${drop};\n${rows}\n${readd}`;

const EVENTS = `CREATE TABLE ref_target (id bigint PRIMARY KEY);
CREATE TABLE event (id bigint NOT NULL, day int NOT NULL, kind text, ref bigint) PARTITION BY RANGE (day);
CREATE TABLE event_p0 PARTITION OF event FOR VALUES FROM (0) TO (100);
CREATE TABLE event_p1 PARTITION OF event FOR VALUES FROM (100) TO (200);
`;
const WITH_DEFAULT = `${EVENTS}CREATE TABLE event_other PARTITION OF event DEFAULT;\n`;
const LOOSE_P2 = 'CREATE TABLE event_p2 (id bigint NOT NULL, day int NOT NULL, kind text, ref bigint);\n';
const ATTACH_P2 = 'ALTER TABLE event ATTACH PARTITION event_p2 FOR VALUES FROM (200) TO (300);\n';
const HASHED =
  'CREATE TABLE h (id int NOT NULL) PARTITION BY HASH (id);\nCREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);\nCREATE TABLE h1 (id int NOT NULL);\n';
const EVENT_ROWS = "INSERT INTO event (id, day, kind) VALUES (1, 10, 'open'), (2, 50, 'open'), (3, 150, 'close'), (4, 160, NULL);";

export const PARTITION_AND_KEY_SCENARIOS: readonly Scenario[] = [
  {
    name: 'ADD PRIMARY KEY over duplicate keys',
    init: ACCOUNTS,
    seed: "INSERT INTO account VALUES (1, 'a', 'x'), (1, 'a', 'y'), (1, 'b', 'z'), (2, 'a', 'w');",
    pending: 'ALTER TABLE account ADD PRIMARY KEY (tenant, email);\n',
    sqlState: '23505',
    rule: 'unique-duplicates',
    count: 1,
  },
  {
    name: 'ADD PRIMARY KEY over NULLs in a key column',
    init: ACCOUNTS,
    seed: "INSERT INTO account VALUES (1, 'a', 'x'), (NULL, 'b', 'y'), (NULL, 'c', 'z');",
    pending: 'ALTER TABLE account ADD PRIMARY KEY (tenant, email);\n',
    sqlState: '23502',
    rule: 'not-null-violated-by-rows',
    count: 2,
    message: 'primary key account_pkey',
  },
  {
    name: 'twin: ADD PRIMARY KEY over distinct keys without NULLs',
    init: ACCOUNTS,
    seed: "INSERT INTO account VALUES (1, 'a', NULL), (1, 'b', NULL), (2, 'a', NULL);",
    pending: 'ALTER TABLE account ADD PRIMARY KEY (tenant, email);\n',
    rule: 'not-null-violated-by-rows',
  },
  {
    name: 'ADD PRIMARY KEY USING INDEX over NULLs the unique index allowed',
    init: KEYED_ACCOUNTS,
    seed: "INSERT INTO account VALUES (1, 'a', 'x'), (NULL, 'a', 'y'), (NULL, 'a', 'z');",
    pending: 'ALTER TABLE account ADD CONSTRAINT account_pkey PRIMARY KEY USING INDEX account_tenant_email_key;\n',
    sqlState: '23502',
    rule: 'not-null-violated-by-rows',
    count: 2,
  },
  {
    name: 'VALIDATE of a NOT VALID CHECK on the target over rows that violate it',
    init: `${ITEMS}${QTY_CHECK}`,
    seed: predating('item DROP CONSTRAINT item_qty_check', 'INSERT INTO item (id, qty) VALUES (1, 5), (2, -1), (3, NULL);', QTY_CHECK),
    pending: 'ALTER TABLE item VALIDATE CONSTRAINT item_qty_check;\n',
    sqlState: '23514',
    rule: 'check-violated-by-rows',
    count: 1,
  },
  {
    name: 'twin: VALIDATE of a NOT VALID CHECK once the rows are fixed',
    init: `${ITEMS}${QTY_CHECK}`,
    seed: 'INSERT INTO item (id, qty) VALUES (1, 5), (2, 0), (3, NULL);',
    pending: 'ALTER TABLE item VALIDATE CONSTRAINT item_qty_check;\n',
    rule: 'check-violated-by-rows',
  },
  {
    name: 'VALIDATE of a NOT VALID foreign key on the target over orphans',
    init: `${ITEMS}${STOCK_FK}`,
    seed: predating(
      'stock DROP CONSTRAINT stock_item_id_fkey',
      'INSERT INTO item (id) VALUES (1); INSERT INTO stock VALUES (1, 1), (2, 99), (3, NULL);',
      STOCK_FK,
    ),
    pending: 'ALTER TABLE stock VALIDATE CONSTRAINT stock_item_id_fkey;\n',
    sqlState: '23503',
    rule: 'foreign-key-orphans',
    count: 1,
  },
  {
    name: 'a foreign key added NOT VALID and validated in the same migration over orphans',
    init: ITEMS,
    seed: 'INSERT INTO item (id) VALUES (1); INSERT INTO stock VALUES (1, 1), (2, 99);',
    pending: `${STOCK_FK}ALTER TABLE stock VALIDATE CONSTRAINT stock_item_id_fkey;\n`,
    sqlState: '23503',
    rule: 'foreign-key-orphans',
    count: 1,
  },
  {
    name: 'twin: a CHECK added NOT VALID leaves the violating rows unchecked (info only)',
    init: ITEMS,
    seed: 'INSERT INTO item (id, qty) VALUES (1, 5), (2, -1);',
    pending: QTY_CHECK,
    rule: 'check-violated-by-rows',
    notices: ['check-violated-by-rows'],
  },
  {
    name: 'ATTACH PARTITION of a table holding rows outside the bound',
    init: `${EVENTS}${LOOSE_P2}`,
    seed: 'INSERT INTO event_p2 (id, day) VALUES (1, 250), (2, 310), (3, 420), (4, 299);',
    pending: ATTACH_P2,
    sqlState: '23514',
    rule: 'partition-bound-violated-by-rows',
    count: 2,
    message: 'outside the bound FOR VALUES FROM (200) TO (300)',
  },
  {
    name: 'twin: ATTACH PARTITION of a table whose rows are all inside the bound',
    init: `${EVENTS}${LOOSE_P2}`,
    seed: 'INSERT INTO event_p2 (id, day) VALUES (1, 200), (2, 299);',
    pending: ATTACH_P2,
    rule: 'partition-bound-violated-by-rows',
  },
  {
    name: 'a new partition over a range the DEFAULT partition holds rows of',
    init: WITH_DEFAULT,
    seed: `${EVENT_ROWS} INSERT INTO event (id, day) VALUES (5, 250), (6, 260), (7, 999);`,
    pending: 'CREATE TABLE event_p2 PARTITION OF event FOR VALUES FROM (200) TO (300);\n',
    sqlState: '23514',
    rule: 'partition-bound-violated-by-rows',
    count: 2,
    message: 'default partition event_other',
  },
  {
    name: 'twin: a new partition over a range the DEFAULT partition holds no rows of',
    init: WITH_DEFAULT,
    seed: `${EVENT_ROWS} INSERT INTO event (id, day) VALUES (7, 999);`,
    pending: 'CREATE TABLE event_p2 PARTITION OF event FOR VALUES FROM (200) TO (300);\n',
    rule: 'partition-bound-violated-by-rows',
  },
  {
    name: 'ATTACH PARTITION while the DEFAULT partition holds rows of its range',
    init: `${WITH_DEFAULT}${LOOSE_P2}`,
    seed: 'INSERT INTO event (id, day) VALUES (5, 250), (7, 999); INSERT INTO event_p2 (id, day) VALUES (1, 210);',
    pending: ATTACH_P2,
    sqlState: '23514',
    rule: 'partition-bound-violated-by-rows',
    count: 1,
    message: 'default partition event_other',
  },
  {
    name: 'ATTACH PARTITION of a table whose rows orphan the foreign key of the parent',
    init: `${EVENTS}ALTER TABLE event ADD CONSTRAINT event_ref_fkey FOREIGN KEY (ref) REFERENCES ref_target (id);\n${LOOSE_P2}`,
    seed: 'INSERT INTO ref_target VALUES (1); INSERT INTO event_p2 (id, day, ref) VALUES (1, 210, 1), (2, 220, 99);',
    pending: ATTACH_P2,
    sqlState: '23503',
    rule: 'foreign-key-orphans',
    count: 1,
  },
  {
    name: 'ATTACH PARTITION of a hash partition holding rows of another remainder',
    init: HASHED,
    // 1..6 hash to both remainders of modulus 2: those of remainder 0 do not belong in h1.
    seed: 'INSERT INTO h1 (id) SELECT g FROM generate_series(1, 6) g;',
    pending: 'ALTER TABLE h ATTACH PARTITION h1 FOR VALUES WITH (MODULUS 2, REMAINDER 1);\n',
    sqlState: '23514',
    rule: 'partition-bound-violated-by-rows',
    message: 'outside the bound FOR VALUES WITH (modulus 2, remainder 1)',
  },
  {
    name: 'a CHECK added on a partitioned table, violated in one partition',
    init: EVENTS,
    seed: `${EVENT_ROWS} INSERT INTO event (id, day, kind) VALUES (5, 170, 'bad');`,
    pending: "ALTER TABLE event ADD CONSTRAINT event_kind_check CHECK (kind <> 'bad');\n",
    sqlState: '23514',
    rule: 'check-violated-by-rows',
    count: 1,
    sample: { partition: 'event_p1' },
  },
  {
    name: 'twin: a CHECK added on a partitioned table every partition meets',
    init: EVENTS,
    seed: EVENT_ROWS,
    pending: "ALTER TABLE event ADD CONSTRAINT event_kind_check CHECK (kind <> 'bad');\n",
    rule: 'check-violated-by-rows',
  },
  {
    name: 'SET NOT NULL on a partitioned table with NULLs in one partition',
    init: EVENTS,
    seed: EVENT_ROWS,
    pending: 'ALTER TABLE event ALTER COLUMN kind SET NOT NULL;\n',
    sqlState: '23502',
    rule: 'not-null-violated-by-rows',
    count: 1,
    sample: { partition: 'event_p1' },
  },
  {
    name: 'a foreign key added on a partitioned table over orphans in one partition',
    init: EVENTS,
    seed: `INSERT INTO ref_target VALUES (1); INSERT INTO event (id, day, ref) VALUES (1, 10, 1), (2, 150, 42), (3, 160, NULL);`,
    pending: 'ALTER TABLE event ADD CONSTRAINT event_ref_fkey FOREIGN KEY (ref) REFERENCES ref_target (id);\n',
    sqlState: '23503',
    rule: 'foreign-key-orphans',
    count: 1,
    sample: { partition: 'event_p1' },
  },
  {
    name: 'a UNIQUE added on a partitioned table over duplicates in one partition',
    init: EVENTS,
    seed: `${EVENT_ROWS} INSERT INTO event (id, day) VALUES (3, 150);`,
    pending: 'ALTER TABLE event ADD CONSTRAINT event_id_day_key UNIQUE (id, day);\n',
    sqlState: '23505',
    rule: 'unique-duplicates',
    count: 1,
  },
  {
    name: 'twin: a UNIQUE added on ONLY the partitioned table checks no partition',
    init: EVENTS,
    seed: `${EVENT_ROWS} INSERT INTO event (id, day) VALUES (3, 150);`,
    pending: 'ALTER TABLE ONLY event ADD CONSTRAINT event_id_day_key UNIQUE (id, day);\n',
    rule: 'unique-duplicates',
  },
  {
    name: 'a column of a partitioned table narrowed below a value in one partition',
    init: EVENTS,
    seed: `${EVENT_ROWS} INSERT INTO event (id, day, kind) VALUES (5, 170, 'cancelled');`,
    pending: 'ALTER TABLE event ALTER COLUMN kind TYPE varchar(5);\n',
    sqlState: '22001',
    rule: 'type-conversion-fails',
    count: 1,
  },
  {
    name: 'ADD UNIQUE NULLS NOT DISTINCT where NULLs repeat',
    init: ITEMS,
    seed: "INSERT INTO item (id, sku) VALUES (1, 'A'), (2, NULL), (3, NULL);",
    pending: 'ALTER TABLE item ADD CONSTRAINT item_sku_key UNIQUE NULLS NOT DISTINCT (sku);\n',
    sqlState: '23505',
    rule: 'unique-duplicates',
    count: 1,
  },
  {
    name: 'twin: ADD COLUMN … GENERATED ALWAYS AS IDENTITY on a table with rows',
    init: ITEMS,
    seed: 'INSERT INTO item (id) VALUES (1), (2), (3);',
    pending: 'ALTER TABLE item ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;\n',
    rule: 'not-null-violated-by-rows',
  },
];

scenarioSuite('check probes primary keys, VALIDATE and partitions on real rows', PARTITION_AND_KEY_SCENARIOS, {
  // PGlite costs ~5 s a scenario: one of each new path.
  embedded: [
    'ADD PRIMARY KEY over NULLs in a key column',
    'ATTACH PARTITION of a table holding rows outside the bound',
    'a CHECK added on a partitioned table, violated in one partition',
  ],
});

describeServer('check over several pending migrations on a partitioned target', () => {
  it('a NOT VALID foreign key added by one pending migration is an error where the next validates it; a partitioned table is sized by its partitions', async () => {
    const database = await createTestDatabase('pgpreflight_check');
    const db = await connectTestDatabase(database.url);
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'pgpreflight-check-cache-'));
    const irreversible = '-- pgpreflight: irreversible the test is about the rows, not the rollback\n';
    const init = `${ITEMS}${EVENTS}`;
    const project = prismaProject({
      '20240101000000_init': init,
      '20240201000000_fk': `${STOCK_FK}${irreversible}`,
      '20240301000000_validate': `ALTER TABLE stock VALIDATE CONSTRAINT stock_item_id_fkey;\nALTER TABLE event ADD CONSTRAINT event_kind_check CHECK (kind <> 'bad');\n${irreversible}`,
    });
    try {
      // The parent of a partitioned table is never analysed: its size is its partitions'.
      await deployPrismaTarget(
        db,
        { '20240101000000_init': init },
        `INSERT INTO item (id) VALUES (1); INSERT INTO stock VALUES (1, 1), (2, 99);
        ${EVENT_ROWS} ANALYZE event_p0; ANALYZE event_p1;`,
      );
      const sizes: (number | null)[] = [];
      const result = await check({
        dir: project.root,
        url: database.url,
        cacheDir,
        shadowUrl: serverUrl()!,
        onProgress: (event) => {
          if (event.phase === 'probe' && event.table === 'event') sizes.push(event.estimatedRows);
        },
      });
      const orphans = result.findings.filter((f) => f.ruleId === 'foreign-key-orphans');
      expect(orphans.map((f) => [f.migration, f.severity, f.evidence?.count])).toEqual([
        ['20240201000000_fk', 'info', 1],
        ['20240301000000_validate', 'error', 1],
      ]);
      expect(result.findings.filter((f) => f.ruleId === 'check-violated-by-rows')).toEqual([]);
      expect(sizes).toEqual([4]);
    } finally {
      project.remove();
      rmSync(cacheDir, { recursive: true, force: true });
      await db.close();
      await database.drop();
    }
  });
});
