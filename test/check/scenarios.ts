/**
 * One scenario per way a migration passes on an empty database and fails on a real one (issue 4).
 * `init` is deployed and `seed` loaded on the target; `pending` is the migration under check.
 * `sqlState` is what PostgreSQL raises when `pending` really runs on the seeded target; `rule` is
 * what `check` must report before it runs. A twin has the same shape and no finding of that rule.
 */
export interface Scenario {
  readonly name: string;
  readonly init: string;
  readonly seed: string;
  readonly pending: string;
  /** Expected failure on the seeded target; undefined for a clean twin. */
  readonly sqlState?: string;
  readonly rule: string;
  /** For failing scenarios: the count the finding's evidence must hold. */
  readonly count?: number;
  /** SQL run after the migration: the write that fails (writer scenarios); the migration itself succeeds. */
  readonly act?: string;
  /** Fields one of the finding's sample rows must hold (e.g. the partition a row is in). */
  readonly sample?: Readonly<Record<string, unknown>>;
  /** Text the finding's message must contain. */
  readonly message?: string;
  /**
   * The finding's severity for a failing scenario (default error). A warning where the detector
   * cannot prove the failure itself (a text match in application code), though the write fails.
   */
  readonly severity?: 'error' | 'warning';
  /** Rules that must appear as warnings (a twin that is not silent, e.g. dynamic SQL). */
  readonly warnings?: readonly string[];
  /** Rules that must appear, and only as info (context, e.g. rows a NOT VALID constraint leaves unchecked). */
  readonly notices?: readonly string[];
  /** Project files besides the migrations (application source). */
  readonly files?: Readonly<Record<string, string>>;
}

/** What `prisma migrate dev` generates when the value ARCHIVED is removed from enum "Status". */
export const PRISMA_ENUM_REWRITE = `CREATE TYPE "Status_new" AS ENUM ('DRAFT', 'ACTIVE');
ALTER TABLE "Order" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Order" ALTER COLUMN "status" TYPE "Status_new" USING ("status"::text::"Status_new");
ALTER TYPE "Status" RENAME TO "Status_old";
ALTER TYPE "Status_new" RENAME TO "Status";
DROP TYPE "Status_old";
ALTER TABLE "Order" ALTER COLUMN "status" SET DEFAULT 'DRAFT';
`;

const ITEMS = 'CREATE TABLE item (id bigint PRIMARY KEY, sku text, kind text, name varchar(100), qty int);\n';

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'a tightened CHECK that existing rows violate',
    init: ITEMS,
    seed: "INSERT INTO item (id, kind) VALUES (1, 'sale'), (2, 'gift'), (3, 'gift'), (4, NULL);",
    pending: "ALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('sale', 'return'));\n",
    sqlState: '23514',
    rule: 'check-violated-by-rows',
    count: 2,
  },
  {
    name: 'twin: a tightened CHECK no row uses',
    init: ITEMS,
    seed: "INSERT INTO item (id, kind) VALUES (1, 'sale'), (2, NULL);",
    pending: "ALTER TABLE item ADD CONSTRAINT item_kind_check CHECK (kind IN ('sale', 'return'));\n",
    rule: 'check-violated-by-rows',
  },
  {
    name: 'SET NOT NULL on a column holding NULLs',
    init: ITEMS,
    seed: "INSERT INTO item (id, sku) VALUES (1, 'A'), (2, NULL), (3, NULL);",
    pending: 'ALTER TABLE item ALTER COLUMN sku SET NOT NULL;\n',
    sqlState: '23502',
    rule: 'not-null-violated-by-rows',
    count: 2,
  },
  {
    name: 'twin: SET NOT NULL on a column without NULLs',
    init: ITEMS,
    seed: "INSERT INTO item (id, sku) VALUES (1, 'A'), (2, 'B');",
    pending: 'ALTER TABLE item ALTER COLUMN sku SET NOT NULL;\n',
    rule: 'not-null-violated-by-rows',
  },
  {
    name: 'a new NOT NULL column without default on a non-empty table',
    init: ITEMS,
    seed: 'INSERT INTO item (id) VALUES (1), (2), (3);',
    pending: 'ALTER TABLE item ADD COLUMN owner text NOT NULL;\n',
    sqlState: '23502',
    rule: 'not-null-violated-by-rows',
    count: 3,
  },
  {
    name: 'twin: a new NOT NULL column on an empty table',
    init: ITEMS,
    seed: '',
    pending: 'ALTER TABLE item ADD COLUMN owner text NOT NULL;\n',
    rule: 'not-null-violated-by-rows',
  },
  {
    name: 'a UNIQUE index over duplicate keys',
    init: ITEMS,
    seed: "INSERT INTO item (id, sku) VALUES (1, 'A'), (2, 'A'), (3, 'B'), (4, 'B'), (5, 'B'), (6, 'C');",
    pending: 'CREATE UNIQUE INDEX item_sku_key ON item (sku);\n',
    sqlState: '23505',
    rule: 'unique-duplicates',
    count: 2,
  },
  {
    name: 'twin: a UNIQUE index where only NULLs repeat',
    init: ITEMS,
    seed: "INSERT INTO item (id, sku) VALUES (1, NULL), (2, NULL), (3, 'A');",
    pending: 'CREATE UNIQUE INDEX item_sku_key ON item (sku);\n',
    rule: 'unique-duplicates',
  },
  {
    name: 'twin: a partial UNIQUE index that excludes the duplicates',
    init: ITEMS,
    seed: "INSERT INTO item (id, sku, kind) VALUES (1, 'A', 'archived'), (2, 'A', 'archived'), (3, 'A', 'sale');",
    pending: "CREATE UNIQUE INDEX item_live_sku_key ON item (sku) WHERE kind <> 'archived';\n",
    rule: 'unique-duplicates',
  },
  {
    name: 'a foreign key over orphan rows',
    init: `${ITEMS}CREATE TABLE stock (id bigint PRIMARY KEY, item_id bigint);\n`,
    seed: 'INSERT INTO item (id) VALUES (1); INSERT INTO stock VALUES (1, 1), (2, 99), (3, NULL), (4, 98);',
    pending: 'ALTER TABLE stock ADD CONSTRAINT stock_item_id_fkey FOREIGN KEY (item_id) REFERENCES item (id);\n',
    sqlState: '23503',
    rule: 'foreign-key-orphans',
    count: 2,
  },
  {
    name: 'twin: a foreign key added NOT VALID then validated, no orphans',
    init: `${ITEMS}CREATE TABLE stock (id bigint PRIMARY KEY, item_id bigint);\n`,
    seed: 'INSERT INTO item (id) VALUES (1); INSERT INTO stock VALUES (1, 1), (2, NULL);',
    pending:
      'ALTER TABLE stock ADD CONSTRAINT stock_item_id_fkey FOREIGN KEY (item_id) REFERENCES item (id) NOT VALID;\nALTER TABLE stock VALIDATE CONSTRAINT stock_item_id_fkey;\n',
    rule: 'foreign-key-orphans',
  },
  {
    name: "an enum value removed by Prisma's rewrite while rows hold it",
    init: `CREATE TYPE "Status" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');\nCREATE TABLE "Order" (id bigint PRIMARY KEY, status "Status" NOT NULL DEFAULT 'DRAFT');\n`,
    seed: `INSERT INTO "Order" VALUES (1, 'DRAFT'), (2, 'ARCHIVED'), (3, 'ACTIVE');`,
    pending: `BEGIN;\n${PRISMA_ENUM_REWRITE}COMMIT;\n`,
    sqlState: '22P02',
    rule: 'enum-value-in-use',
    count: 1,
  },
  {
    name: 'a column narrowed below the length of its values',
    init: ITEMS,
    seed: "INSERT INTO item (id, name) VALUES (1, 'short'), (2, 'a name far longer than ten');",
    pending: 'ALTER TABLE item ALTER COLUMN name TYPE varchar(10);\n',
    sqlState: '22001',
    rule: 'type-conversion-fails',
    count: 1,
  },
  {
    name: 'twin: a column widened',
    init: ITEMS,
    seed: "INSERT INTO item (id, name) VALUES (1, 'a name far longer than ten');",
    pending: 'ALTER TABLE item ALTER COLUMN name TYPE varchar(200);\n',
    rule: 'type-conversion-fails',
  },
];
