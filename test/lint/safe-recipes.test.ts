import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/commands/lint.js';
import { fixtureProject, type FixtureProject } from '../support/fixture-project.js';

// The safe recipes of PostgreSQL's docs and the peers' handbooks (strong_migrations, squawk), each
// a whole migration file as a team writes it: every rule together must raise no error and no
// warning on them — a linter that is wrong on the safe files gets switched off.
const RECIPES: Readonly<Record<string, string>> = {
  'index-concurrently.sql': 'CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n',
  'drop-index-concurrently.sql': 'DROP INDEX CONCURRENTLY orders_note_idx;\n',
  'check-not-valid-then-validate.sql':
    "SET lock_timeout = '2s';\nBEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nCOMMIT;\n",
  'foreign-key-not-valid.sql':
    "SET lock_timeout = '2s';\nALTER TABLE orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n",
  'set-not-null-via-check.sql':
    "SET lock_timeout = '2s';\nBEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_customer_nn CHECK (customer_id IS NOT NULL) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_nn;\nCOMMIT;\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\nALTER TABLE orders DROP CONSTRAINT orders_customer_nn;\n",
  'unique-using-index.sql':
    "SET lock_timeout = '2s';\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;\n",
  'column-then-volatile-default.sql':
    "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN token uuid;\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();\n",
  'enum-value-then-use.sql':
    "BEGIN;\nALTER TYPE order_status ADD VALUE 'paused';\nCOMMIT;\nUPDATE orders SET status = 'paused' WHERE id = 1;\n",
  'constant-default.sql': "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';\n",
  'batched-backfill.sql': "UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000 AND status IS NULL;\n",
};

describe('safe recipes: no error and no warning from any rule', () => {
  let project: FixtureProject;
  beforeAll(() => {
    project = fixtureProject();
    for (const [file, sql] of Object.entries(RECIPES)) project.write(file, sql);
  });
  afterAll(() => project.remove());

  it.each(Object.keys(RECIPES))('%s', async (file) => {
    const result = await lint({ dir: project.root, cwd: project.root, files: [file], cacheDir: null });
    expect(result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
