-- When a coordinator marks a scheduled item completed, consume the stock at its location.
CREATE OR REPLACE FUNCTION record_schedule_consumption() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'completed' AND OLD.status IS DISTINCT FROM 'completed' THEN
    INSERT INTO inventory_transactions (item_id, location_id, quantity_change, reference_type, reference_id)
    VALUES (NEW.item_id, NEW.location_id, -NEW.quantity, 'member_program_item_schedule', NEW.id);
    UPDATE location_inventory
       SET quantity = quantity - NEW.quantity
     WHERE location_id = NEW.location_id AND item_id = NEW.item_id;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER schedule_consumption
AFTER UPDATE ON member_program_item_schedule
FOR EACH ROW EXECUTE FUNCTION record_schedule_consumption();
