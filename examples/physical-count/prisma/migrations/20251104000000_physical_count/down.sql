-- Rollback of 20251104000000_physical_count, written before the migration ships (rehearse proves it
-- by a round trip): the CHECK's previous list back, verbatim, and the new table dropped.
ALTER TABLE "inventory_transactions" DROP CONSTRAINT "inventory_transactions_reference_type_check";
ALTER TABLE "inventory_transactions" ADD CONSTRAINT "inventory_transactions_reference_type_check"
    CHECK ("reference_type" IN ('purchase_order', 'sale', 'adjustment', 'transfer', 'return', 'member_program_item_schedule'));
DROP TABLE "physical_counts";
