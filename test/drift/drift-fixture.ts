/** A small Prisma-style schema: an enum, a table with a CHECK, defaults and an index, a function. */
export const DRIFT_INIT = `CREATE TYPE "Status" AS ENUM ('open', 'done');
CREATE TABLE "Order" (
  id bigserial PRIMARY KEY,
  status "Status" NOT NULL DEFAULT 'open',
  note text DEFAULT 'none',
  amount integer NOT NULL,
  CONSTRAINT "Order_amount_check" CHECK (amount > 0)
);
CREATE INDEX "Order_status_idx" ON "Order" (status);
CREATE FUNCTION order_total() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
`;

/** Each kind of drift the issue names, made by hand on the target after the deploy. */
export const HAND_CHANGES = `CREATE INDEX "Order_note_idx" ON "Order" (note);
ALTER TABLE "Order" DROP CONSTRAINT "Order_amount_check";
ALTER TABLE "Order" ALTER COLUMN note SET DEFAULT 'n/a';
CREATE OR REPLACE FUNCTION order_total() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN 2; END $$;
ALTER TYPE "Status" ADD VALUE 'lost';
ALTER TABLE "Order" ALTER COLUMN amount TYPE bigint;
`;
