/**
 * The incident as a project: `init` (long deployed) has a CHECK allowing 'member_program_item_schedule'
 * and a trigger that writes it; `physical_count` (just deployed) retypes the CHECK without it, adds a
 * table and renames a column. What the application then hits is what watch must report.
 */
export const INIT = `CREATE TABLE items (id serial PRIMARY KEY, sku text NOT NULL CONSTRAINT items_sku_key UNIQUE, name varchar(20));
CREATE TABLE inventory_transactions (
  id serial PRIMARY KEY,
  item_id int NOT NULL REFERENCES items (id),
  reference_type text NOT NULL,
  quantity int NOT NULL,
  CONSTRAINT inventory_transactions_reference_type_check CHECK (reference_type IN ('purchase_order', 'sale', 'member_program_item_schedule'))
);
CREATE TABLE member_program_item_schedule (id serial PRIMARY KEY, item_id int NOT NULL REFERENCES items (id), completed boolean NOT NULL DEFAULT false, notes text);
CREATE FUNCTION record_schedule_consumption() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.completed AND NOT OLD.completed THEN
    INSERT INTO inventory_transactions (item_id, reference_type, quantity) VALUES (NEW.item_id, 'member_program_item_schedule', -1);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER schedule_consumption AFTER UPDATE ON member_program_item_schedule FOR EACH ROW EXECUTE FUNCTION record_schedule_consumption();
`;

export const PHYSICAL_COUNT = `CREATE TABLE physical_counts (id serial PRIMARY KEY, item_id int NOT NULL REFERENCES items (id), counted int NOT NULL);
ALTER TABLE inventory_transactions DROP CONSTRAINT inventory_transactions_reference_type_check;
ALTER TABLE inventory_transactions ADD CONSTRAINT inventory_transactions_reference_type_check CHECK (reference_type IN ('purchase_order', 'sale', 'physical_count'));
ALTER TABLE member_program_item_schedule RENAME COLUMN notes TO note;
`;

export const SEED = `INSERT INTO items (sku, name) VALUES ('SKU-1', 'gauze'), ('SKU-2', 'tape');
INSERT INTO member_program_item_schedule (item_id) SELECT 1 FROM generate_series(1, 40);
`;

export const INIT_ID = '20250101000000_init';
export const DEPLOYED_ID = '20251104000000_physical_count';
export const CHECK = 'inventory_transactions_reference_type_check';

/** A coordinator marks schedule item `id` completed: the trigger's insert now fails with 23514. */
export const completeSchedule = (id: number): string => `UPDATE member_program_item_schedule SET completed = true WHERE id = ${id}`;
export const DUPLICATE_SKU = "INSERT INTO items (sku) VALUES ('SKU-1')";
export const ORPHAN_COUNT = 'INSERT INTO physical_counts (item_id, counted) VALUES (999, 3)';
export const ORPHAN_TRANSACTION = "INSERT INTO inventory_transactions (item_id, reference_type, quantity) VALUES (999, 'sale', 1)";
export const OLD_COLUMN = 'SELECT notes FROM member_program_item_schedule';
