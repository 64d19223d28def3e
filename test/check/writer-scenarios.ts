import { PRISMA_ENUM_REWRITE, type Scenario } from './scenarios.js';

/**
 * Issue 5: the data probes find nothing (no row holds the value), the migration applies cleanly, and
 * the next write by the database's own code — or the application — fails. `act` is that write.
 */
const LEDGER = `CREATE TABLE ledger (id bigserial PRIMARY KEY, kind text NOT NULL CONSTRAINT ledger_kind_check CHECK (kind IN ('sale', 'refund', 'schedule')), note text);
CREATE TABLE schedule (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'open');
INSERT INTO schedule VALUES (1, 'open');
`;
const TIGHTEN = `ALTER TABLE ledger DROP CONSTRAINT ledger_kind_check;
ALTER TABLE ledger ADD CONSTRAINT ledger_kind_check CHECK (kind IN ('sale', 'refund'));
`;
const KEEP = `ALTER TABLE ledger DROP CONSTRAINT ledger_kind_check;
ALTER TABLE ledger ADD CONSTRAINT ledger_kind_check CHECK (kind IN ('sale', 'refund', 'schedule', 'adjustment'));
`;

const AFTER_UPDATE_TRIGGER = `${LEDGER}CREATE FUNCTION record_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger (kind, note) VALUES ('schedule', 'from ' || NEW.id);
  RETURN NEW;
END;
$$;
CREATE TRIGGER schedule_done AFTER UPDATE ON schedule FOR EACH ROW EXECUTE FUNCTION record_schedule();
`;

const HELPER_CALL = `${LEDGER}CREATE FUNCTION post_entry(p_kind text, p_note text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger (kind, note) VALUES (p_kind, p_note);
END;
$$;
CREATE FUNCTION record_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM post_entry('schedule', 'done');
  RETURN NEW;
END;
$$;
CREATE TRIGGER schedule_done AFTER UPDATE ON schedule FOR EACH ROW EXECUTE FUNCTION record_schedule();
`;

export const WRITER_SCENARIOS: readonly Scenario[] = [
  {
    name: 'a trigger on another table inserts the removed value',
    init: AFTER_UPDATE_TRIGGER,
    seed: '',
    pending: TIGHTEN,
    act: "UPDATE schedule SET status = 'done' WHERE id = 1;",
    sqlState: '23514',
    rule: 'check-rejects-trigger-write',
    message:
      "record_schedule() line 3 inserts 'schedule' into ledger.kind; the new CHECK ledger_kind_check rejects it (SQLSTATE 23514); fired by trigger schedule_done AFTER UPDATE ON schedule",
  },
  {
    name: 'twin: the trigger writes a value the new list keeps',
    init: AFTER_UPDATE_TRIGGER,
    seed: '',
    pending: KEEP,
    act: "UPDATE schedule SET status = 'done' WHERE id = 1;",
    rule: 'check-rejects-trigger-write',
  },
  {
    name: 'a BEFORE trigger assigns NEW.kind the removed value',
    init: `${LEDGER}CREATE FUNCTION default_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.note = 'auto' THEN
    NEW.kind := 'schedule';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_default_kind BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION default_kind();
`,
    seed: '',
    pending: TIGHTEN,
    act: "INSERT INTO ledger (kind, note) VALUES ('sale', 'auto');",
    sqlState: '23514',
    rule: 'check-rejects-trigger-write',
    message: "default_kind() line 4 assigns 'schedule' into ledger.kind",
  },
  {
    name: 'a plain function UPDATEs the removed value',
    init: `${LEDGER}CREATE FUNCTION reclassify(p_id bigint) RETURNS void LANGUAGE sql AS $$
  UPDATE ledger SET kind = 'schedule' WHERE id = p_id;
$$;
INSERT INTO ledger (kind) VALUES ('sale');
`,
    seed: '',
    pending: TIGHTEN,
    act: 'SELECT reclassify(1);',
    sqlState: '23514',
    rule: 'check-rejects-function-write',
    message: "reclassify() line 2 sets 'schedule' in ledger.kind",
  },
  {
    name: 'a trigger calls a helper with the removed value as argument',
    init: HELPER_CALL,
    seed: '',
    pending: TIGHTEN,
    act: "UPDATE schedule SET status = 'done' WHERE id = 1;",
    sqlState: '23514',
    rule: 'check-rejects-trigger-write',
    message: "post_entry() line 3 inserts its argument ('schedule' from record_schedule() line 3) into ledger.kind",
  },
  {
    name: 'twin: dynamic SQL is a warning, not an error',
    init: `${LEDGER}CREATE FUNCTION post_dynamic(p_kind text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO ledger (kind) VALUES (%L)', p_kind);
END;
$$;
`,
    seed: '',
    pending: TIGHTEN,
    act: "SELECT post_dynamic('sale');",
    rule: 'check-rejects-function-write',
    warnings: ['writer-dynamic-sql'],
  },
  {
    name: 'twin: a computed value is a warning, not an error',
    init: `${LEDGER}CREATE FUNCTION post_lower(p_kind text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger (kind) VALUES (lower(p_kind));
END;
$$;
`,
    seed: '',
    pending: TIGHTEN,
    act: "SELECT post_lower('SALE');",
    rule: 'check-rejects-function-write',
    warnings: ['writer-value-unknown'],
  },
  {
    name: 'an enum value removed while a function inserts it',
    init: `CREATE TYPE "Status" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');
CREATE TABLE "Order" (id bigserial PRIMARY KEY, status "Status" NOT NULL DEFAULT 'DRAFT');
CREATE FUNCTION archive_order() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "Order" (status) VALUES ('ARCHIVED');
END;
$$;
`,
    seed: '',
    pending: `CREATE TYPE "Status_new" AS ENUM ('DRAFT', 'ACTIVE');
ALTER TABLE "Order" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Order" ALTER COLUMN "status" TYPE "Status_new" USING ("status"::text::"Status_new");
ALTER TYPE "Status" RENAME TO "Status_old";
ALTER TYPE "Status_new" RENAME TO "Status";
DROP TYPE "Status_old";
ALTER TABLE "Order" ALTER COLUMN "status" SET DEFAULT 'DRAFT';
`,
    act: 'SELECT archive_order();',
    sqlState: '22P02',
    rule: 'enum-value-written-by-function',
    message: "archive_order() line 3 inserts 'ARCHIVED' into Order.status",
  },
  {
    name: 'a column made NOT NULL while a function inserts without it',
    init: `${LEDGER}CREATE FUNCTION post_sale() RETURNS void LANGUAGE sql AS $$ INSERT INTO ledger (kind) VALUES ('sale') $$;
`,
    seed: '',
    pending: 'ALTER TABLE ledger ALTER COLUMN note SET NOT NULL;\n',
    act: 'SELECT post_sale();',
    sqlState: '23502',
    rule: 'not-null-violated-by-function',
  },
  {
    name: 'a column dropped while a trigger function assigns it',
    init: `${LEDGER}CREATE FUNCTION stamp_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.note := coalesce(NEW.note, 'none');
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_stamp BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION stamp_note();
`,
    seed: '',
    pending: 'ALTER TABLE ledger DROP COLUMN note;\n',
    act: "INSERT INTO ledger (kind) VALUES ('sale');",
    sqlState: '42703',
    rule: 'function-references-dropped-column',
    message: 'stamp_note() line 3 still uses ledger.note, which this migration drops',
  },
  {
    name: 'a column renamed while a plain function selects it',
    init: `${LEDGER}CREATE FUNCTION notes() RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT note FROM ledger;
END;
$$;
`,
    seed: '',
    pending: 'ALTER TABLE ledger RENAME COLUMN note TO memo;\n',
    act: 'SELECT * FROM notes();',
    sqlState: '42703',
    rule: 'function-references-dropped-column',
    message: 'notes() line 3 still uses ledger.note, which this migration renames to memo',
  },
  {
    name: 'twin: the function is replaced in the same migration',
    init: `${LEDGER}CREATE FUNCTION notes() RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT note FROM ledger;
END;
$$;
`,
    seed: '',
    pending: `ALTER TABLE ledger RENAME COLUMN note TO memo;
CREATE OR REPLACE FUNCTION notes() RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT memo FROM ledger;
END;
$$;
`,
    act: 'SELECT * FROM notes();',
    rule: 'function-references-dropped-column',
  },
  {
    name: 'a removed value written only by application code',
    init: LEDGER,
    seed: '',
    pending: TIGHTEN,
    files: {
      'src/billing/schedule.ts': `import { prisma } from '../db';\n\nexport async function recordSchedule(note: string) {\n  await prisma.ledger.create({ data: { kind: 'schedule', note } });\n}\n`,
    },
    // What that code sends once the migration is deployed.
    act: "INSERT INTO ledger (kind, note) VALUES ('schedule', 'x');",
    sqlState: '23514',
    rule: 'removed-value-in-source',
    // A text match proves no write: a warning for a person to read, though this one does fail.
    severity: 'warning',
    message: "src/billing/schedule.ts:4 uses 'schedule' and CHECK ledger_kind_check no longer allows it in ledger.kind",
  },
  {
    name: 'twin: application code mentions the value only in a comment and writes allowed values',
    init: LEDGER,
    seed: '',
    pending: TIGHTEN,
    files: {
      'src/billing/sale.ts': `// 'schedule' entries are written by the database, not here\nexport const kinds = ['sale', 'refund'] as const;\n`,
      'node_modules/lib/index.js': `module.exports = 'schedule';\n`,
    },
    act: "INSERT INTO ledger (kind, note) VALUES ('sale', 'x');",
    rule: 'removed-value-in-source',
  },
  {
    name: 'the migration itself creates a function writing a value the existing CHECK rejects',
    init: LEDGER,
    seed: '',
    pending: `CREATE FUNCTION post_gift() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger (kind, note) VALUES ('gift', 'promo');
END;
$$;
`,
    act: 'SELECT post_gift();',
    sqlState: '23514',
    rule: 'check-rejects-function-write',
    message: "post_gift() line 3 inserts 'gift' into ledger.kind; the CHECK ledger_kind_check rejects it",
  },
  {
    name: 'twin: the migration creates a function writing an allowed value',
    init: LEDGER,
    seed: '',
    pending: `CREATE FUNCTION post_sale() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger (kind, note) VALUES ('sale', 'promo');
END;
$$;
`,
    act: 'SELECT post_sale();',
    rule: 'check-rejects-function-write',
  },
  {
    name: 'twin: a BEFORE trigger assigns a value the new list keeps',
    init: `${LEDGER}CREATE FUNCTION default_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.kind := 'sale';
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_default_kind BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION default_kind();
`,
    seed: '',
    pending: TIGHTEN,
    act: "INSERT INTO ledger (kind, note) VALUES ('refund', 'auto');",
    rule: 'check-rejects-trigger-write',
  },
  {
    name: 'twin: a trigger calls the helper with an allowed value',
    init: HELPER_CALL.replace("post_entry('schedule', 'done')", "post_entry('sale', 'done')"),
    seed: '',
    pending: TIGHTEN,
    act: "UPDATE schedule SET status = 'done' WHERE id = 1;",
    rule: 'check-rejects-trigger-write',
  },
  {
    name: 'twin: a function inserts an enum label that stays',
    init: `CREATE TYPE "Status" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');
CREATE TABLE "Order" (id bigserial PRIMARY KEY, status "Status" NOT NULL DEFAULT 'DRAFT');
CREATE FUNCTION activate_order() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "Order" (status) VALUES ('ACTIVE');
END;
$$;
`,
    seed: '',
    pending: PRISMA_ENUM_REWRITE,
    act: 'SELECT activate_order();',
    rule: 'enum-value-written-by-function',
  },
  {
    name: 'twin: a column made NOT NULL that the function always writes',
    init: `${LEDGER}CREATE FUNCTION post_sale() RETURNS void LANGUAGE sql AS $$ INSERT INTO ledger (kind, note) VALUES ('sale', 'till') $$;
`,
    seed: '',
    pending: 'ALTER TABLE ledger ALTER COLUMN note SET NOT NULL;\n',
    act: 'SELECT post_sale();',
    rule: 'not-null-violated-by-function',
  },
  {
    name: 'twin: a column dropped that no function uses',
    init: `${LEDGER}CREATE FUNCTION default_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.kind := coalesce(NEW.kind, 'sale');
  RETURN NEW;
END;
$$;
CREATE TRIGGER ledger_default_kind BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION default_kind();
`,
    seed: '',
    pending: 'ALTER TABLE ledger DROP COLUMN note;\n',
    act: "INSERT INTO ledger (kind) VALUES ('sale');",
    rule: 'function-references-dropped-column',
  },
  {
    name: 'a function copies rows with INSERT … SELECT of the removed value',
    init: `${LEDGER}CREATE FUNCTION copy_schedules() RETURNS void LANGUAGE sql AS $$
  INSERT INTO ledger (kind, note) SELECT 'schedule', status FROM schedule;
$$;
`,
    seed: '',
    pending: TIGHTEN,
    act: 'SELECT copy_schedules();',
    sqlState: '23514',
    rule: 'check-rejects-function-write',
    message: "copy_schedules() line 2 inserts 'schedule' into ledger.kind",
  },
];
