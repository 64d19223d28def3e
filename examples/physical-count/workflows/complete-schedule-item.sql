-- A coordinator marks a scheduled item completed: the stock at its location is consumed.
-- Runs in a transaction that pgpreflight rolls back, so it brings its own rows.
INSERT INTO locations (id, name) VALUES (900001, 'Rehearsal clinic');
INSERT INTO items (id, sku, name) VALUES (900001, 'REHEARSAL-ITEM', 'Rehearsal item');
INSERT INTO location_inventory (location_id, item_id, quantity) VALUES (900001, 900001, 10);
INSERT INTO member_program_item_schedule (id, member_id, item_id, location_id, quantity, scheduled_for)
VALUES (900001, 1, 900001, 900001, 2, CURRENT_DATE);

UPDATE member_program_item_schedule SET status = 'completed', completed_at = now() WHERE id = 900001;
