-- Production-like rows. No transaction references a schedule yet: every schedule item is still
-- pending, so a data probe alone finds nothing wrong with the physical-count migration.
INSERT INTO locations (id, name) VALUES (1, 'Main clinic'), (2, 'North satellite');
INSERT INTO items (id, sku, name) VALUES (1, 'VIT-D3-1000', 'Vitamin D3 1000 IU'), (2, 'OMEGA-3', 'Omega-3 softgels'), (3, 'PROTEIN-VAN', 'Protein powder, vanilla');
INSERT INTO location_inventory (location_id, item_id, quantity) VALUES (1, 1, 120), (1, 2, 80), (1, 3, 25), (2, 1, 40), (2, 2, 30);
INSERT INTO member_program_item_schedule (member_id, item_id, location_id, quantity, scheduled_for, status) VALUES
  (501, 1, 1, 2, DATE '2025-11-10', 'scheduled'),
  (502, 2, 1, 1, DATE '2025-11-12', 'scheduled'),
  (503, 3, 2, 1, DATE '2025-11-14', 'scheduled');
INSERT INTO inventory_transactions (item_id, location_id, quantity_change, reference_type, reference_id) VALUES
  (1, 1, 120, 'purchase_order', 9001),
  (2, 1, 80, 'purchase_order', 9001),
  (3, 1, 25, 'purchase_order', 9002),
  (1, 2, 40, 'transfer', 77),
  (2, 2, 30, 'transfer', 77),
  (1, 1, -3, 'sale', 1201),
  (2, 1, 1, 'adjustment', NULL);
SELECT setval(pg_get_serial_sequence('locations', 'id'), 2);
SELECT setval(pg_get_serial_sequence('items', 'id'), 3);
