-- Physical count: record stock counts and post their differences as transactions.

-- CreateTable
CREATE TABLE "physical_counts" (
    "id" BIGSERIAL NOT NULL,
    "location_id" BIGINT NOT NULL,
    "counted_by" TEXT NOT NULL,
    "counted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "physical_counts_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "physical_counts" ADD CONSTRAINT "physical_counts_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "locations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Allow the new reference type. The list was retyped from memory.
ALTER TABLE "inventory_transactions" DROP CONSTRAINT "inventory_transactions_reference_type_check";
ALTER TABLE "inventory_transactions" ADD CONSTRAINT "inventory_transactions_reference_type_check"
    CHECK ("reference_type" IN ('purchase_order', 'sale', 'adjustment', 'transfer', 'return', 'physical_count'));
